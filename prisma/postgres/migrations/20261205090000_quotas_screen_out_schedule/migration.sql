-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ResponseStatus" ADD VALUE 'screened_out';
ALTER TYPE "ResponseStatus" ADD VALUE 'quota_full';

-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "closesAt" TIMESTAMP(3),
ADD COLUMN     "maxResponses" INTEGER,
ADD COLUMN     "opensAt" TIMESTAMP(3),
ADD COLUMN     "returnUrlComplete" TEXT,
ADD COLUMN     "returnUrlQuotaFull" TEXT,
ADD COLUMN     "returnUrlScreenedOut" TEXT;

-- AlterTable
ALTER TABLE "Section" ADD COLUMN     "screenOutIf" JSONB;

-- CreateTable
CREATE TABLE "Quota" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "condition" JSONB NOT NULL,
    "limit" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Quota_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuotaMember" (
    "id" TEXT NOT NULL,
    "quotaId" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,

    CONSTRAINT "QuotaMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Quota_surveyId_idx" ON "Quota"("surveyId");

-- CreateIndex
CREATE INDEX "QuotaMember_responseId_idx" ON "QuotaMember"("responseId");

-- CreateIndex
CREATE UNIQUE INDEX "QuotaMember_quotaId_responseId_key" ON "QuotaMember"("quotaId", "responseId");

-- AddForeignKey
ALTER TABLE "Quota" ADD CONSTRAINT "Quota_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuotaMember" ADD CONSTRAINT "QuotaMember_quotaId_fkey" FOREIGN KEY ("quotaId") REFERENCES "Quota"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuotaMember" ADD CONSTRAINT "QuotaMember_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "panelIdKey" TEXT;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "panelKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Response_surveyId_panelKey_key" ON "Response"("surveyId", "panelKey");
