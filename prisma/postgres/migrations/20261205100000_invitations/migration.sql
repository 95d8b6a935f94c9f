-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "inviteOnly" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "maxReminders" INTEGER NOT NULL DEFAULT 2;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "invitationId" TEXT;

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "locale" TEXT NOT NULL,
    "linkValues" JSONB,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "invitedAt" TIMESTAMP(3),
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "lastMailedAt" TIMESTAMP(3),
    "optedOutAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "responseId" TEXT,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_responseId_key" ON "Invitation"("responseId");

-- CreateIndex
CREATE INDEX "Invitation_email_idx" ON "Invitation"("email");

-- CreateIndex
CREATE INDEX "Invitation_createdAt_idx" ON "Invitation"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_surveyId_email_key" ON "Invitation"("surveyId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_surveyId_phone_key" ON "Invitation"("surveyId", "phone");

-- CreateIndex
CREATE INDEX "OutboxMessage_invitationId_idx" ON "OutboxMessage"("invitationId");

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE SET NULL ON UPDATE CASCADE;
