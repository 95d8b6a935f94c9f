-- CreateEnum
CREATE TYPE "RewardKind" AS ENUM ('voucher', 'loyalty_bonus');

-- CreateEnum
CREATE TYPE "RewardStatus" AS ENUM ('owed', 'sent', 'handed_over', 'delivered');

-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "rewardKind" "RewardKind",
ADD COLUMN     "rewardPartner" TEXT,
ADD COLUMN     "sweepstakes" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "VoucherCode" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL,
    "loadedById" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3),
    "rewardId" TEXT,

    CONSTRAINT "VoucherCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reward" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "kind" "RewardKind" NOT NULL,
    "status" "RewardStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "Reward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SweepstakesEntry" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "wonAt" TIMESTAMP(3),

    CONSTRAINT "SweepstakesEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SweepstakesDraw" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "entriesDigest" TEXT NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "winnerCount" INTEGER NOT NULL,
    "drawnAt" TIMESTAMP(3) NOT NULL,
    "drawnById" TEXT NOT NULL,

    CONSTRAINT "SweepstakesDraw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerHandover" (
    "id" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "rewardId" TEXT,
    "partner" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "byId" TEXT NOT NULL,

    CONSTRAINT "PartnerHandover_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VoucherCode_rewardId_key" ON "VoucherCode"("rewardId");

-- CreateIndex
CREATE INDEX "VoucherCode_surveyId_assignedAt_idx" ON "VoucherCode"("surveyId", "assignedAt");

-- CreateIndex
CREATE UNIQUE INDEX "VoucherCode_surveyId_code_key" ON "VoucherCode"("surveyId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Reward_responseId_key" ON "Reward"("responseId");

-- CreateIndex
CREATE INDEX "Reward_surveyId_status_idx" ON "Reward"("surveyId", "status");

-- CreateIndex
CREATE INDEX "Reward_respondentId_idx" ON "Reward"("respondentId");

-- CreateIndex
CREATE INDEX "Reward_createdAt_idx" ON "Reward"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SweepstakesEntry_responseId_key" ON "SweepstakesEntry"("responseId");

-- CreateIndex
CREATE INDEX "SweepstakesEntry_surveyId_idx" ON "SweepstakesEntry"("surveyId");

-- CreateIndex
CREATE INDEX "SweepstakesEntry_respondentId_idx" ON "SweepstakesEntry"("respondentId");

-- CreateIndex
CREATE INDEX "SweepstakesEntry_enteredAt_idx" ON "SweepstakesEntry"("enteredAt");

-- CreateIndex
CREATE UNIQUE INDEX "SweepstakesDraw_surveyId_key" ON "SweepstakesDraw"("surveyId");

-- CreateIndex
CREATE INDEX "PartnerHandover_respondentId_idx" ON "PartnerHandover"("respondentId");

-- CreateIndex
CREATE INDEX "PartnerHandover_at_idx" ON "PartnerHandover"("at");

-- AddForeignKey
ALTER TABLE "VoucherCode" ADD CONSTRAINT "VoucherCode_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoucherCode" ADD CONSTRAINT "VoucherCode_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reward" ADD CONSTRAINT "Reward_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reward" ADD CONSTRAINT "Reward_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reward" ADD CONSTRAINT "Reward_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SweepstakesEntry" ADD CONSTRAINT "SweepstakesEntry_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SweepstakesEntry" ADD CONSTRAINT "SweepstakesEntry_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SweepstakesEntry" ADD CONSTRAINT "SweepstakesEntry_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SweepstakesDraw" ADD CONSTRAINT "SweepstakesDraw_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerHandover" ADD CONSTRAINT "PartnerHandover_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerHandover" ADD CONSTRAINT "PartnerHandover_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward"("id") ON DELETE SET NULL ON UPDATE CASCADE;
