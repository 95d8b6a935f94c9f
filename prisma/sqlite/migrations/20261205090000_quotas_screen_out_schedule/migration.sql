-- AlterTable
ALTER TABLE "Survey" ADD COLUMN "closesAt" DATETIME;
ALTER TABLE "Survey" ADD COLUMN "maxResponses" INTEGER;
ALTER TABLE "Survey" ADD COLUMN "opensAt" DATETIME;
ALTER TABLE "Survey" ADD COLUMN "returnUrlComplete" TEXT;
ALTER TABLE "Survey" ADD COLUMN "returnUrlQuotaFull" TEXT;
ALTER TABLE "Survey" ADD COLUMN "returnUrlScreenedOut" TEXT;

-- AlterTable
ALTER TABLE "Section" ADD COLUMN "screenOutIf" JSONB;

-- CreateTable
CREATE TABLE "Quota" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "condition" JSONB NOT NULL,
    "limit" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Quota_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuotaMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "quotaId" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    CONSTRAINT "QuotaMember_quotaId_fkey" FOREIGN KEY ("quotaId") REFERENCES "Quota" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuotaMember_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Quota_surveyId_idx" ON "Quota"("surveyId");

-- CreateIndex
CREATE INDEX "QuotaMember_responseId_idx" ON "QuotaMember"("responseId");

-- CreateIndex
CREATE UNIQUE INDEX "QuotaMember_quotaId_responseId_key" ON "QuotaMember"("quotaId", "responseId");
-- AlterTable
ALTER TABLE "Survey" ADD COLUMN "panelIdKey" TEXT;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN "panelKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Response_surveyId_panelKey_key" ON "Response"("surveyId", "panelKey");
