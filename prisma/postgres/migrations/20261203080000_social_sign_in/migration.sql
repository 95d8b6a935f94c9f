-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ConsentMethod" ADD VALUE 'social_sign_in';
ALTER TYPE "ConsentMethod" ADD VALUE 'social_withdrawal';

-- AlterTable
ALTER TABLE "ConsentRecord" ADD COLUMN     "cookieChoiceMade" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "social" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SocialProfile" (
    "id" TEXT NOT NULL,
    "consentRecordId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "pictureUrl" TEXT,
    "collectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SocialProfile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SocialProfile_subjectKey_idx" ON "SocialProfile"("subjectKey");

-- CreateIndex
CREATE INDEX "SocialProfile_issuer_externalId_idx" ON "SocialProfile"("issuer", "externalId");

-- CreateIndex
CREATE INDEX "SocialProfile_email_idx" ON "SocialProfile"("email");

-- CreateIndex
CREATE INDEX "SocialProfile_collectedAt_idx" ON "SocialProfile"("collectedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SocialProfile_respondentId_issuer_key" ON "SocialProfile"("respondentId", "issuer");

-- AddForeignKey
ALTER TABLE "SocialProfile" ADD CONSTRAINT "SocialProfile_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SocialProfile" ADD CONSTRAINT "SocialProfile_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

