-- CreateEnum
CREATE TYPE "ContactPurpose" AS ENUM ('survey_validation', 'reward_delivery', 'support');

-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('accept_all', 'reject_all', 'custom', 'settings');

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "contactPurpose" "ContactPurpose",
ADD COLUMN     "publishable" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN     "consentSubjectKey" TEXT;

-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "ageGate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "country" TEXT,
ADD COLUMN     "minimumAge" INTEGER;

-- CreateTable
CREATE TABLE "PublicationPermission" (
    "id" TEXT NOT NULL,
    "answerId" TEXT NOT NULL,
    "policyVersionId" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PublicationPermission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "material" BOOLEAN NOT NULL,
    "summary" JSONB NOT NULL,
    "text" JSONB NOT NULL,
    "contacts" JSONB NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "policyVersionId" TEXT NOT NULL,
    "usage" BOOLEAN NOT NULL,
    "fraud" BOOLEAN NOT NULL,
    "sessionAnalytics" BOOLEAN NOT NULL,
    "location" BOOLEAN NOT NULL,
    "method" "ConsentMethod" NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageMetadata" (
    "id" TEXT NOT NULL,
    "consentRecordId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "responseId" TEXT,
    "ipAddress" TEXT,
    "host" TEXT,
    "deviceType" TEXT,
    "deviceModel" TEXT,
    "os" TEXT,
    "browser" TEXT,
    "network" TEXT,
    "batteryLevel" DOUBLE PRECISION,
    "language" TEXT,
    "country" TEXT,
    "timeZone" TEXT,
    "referrer" TEXT,
    "collectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageMetadata_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FraudSignal" (
    "id" TEXT NOT NULL,
    "consentRecordId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "responseId" TEXT,
    "fingerprint" TEXT NOT NULL,
    "traits" JSONB NOT NULL,
    "collectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FraudSignal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocationFix" (
    "id" TEXT NOT NULL,
    "consentRecordId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "responseId" TEXT,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "accuracyMeters" DOUBLE PRECISION,
    "collectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocationFix_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionEvent" (
    "id" TEXT NOT NULL,
    "consentRecordId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "clicks" INTEGER NOT NULL,
    "maxScrollPercent" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "collectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "counts" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PublicationPermission_answerId_key" ON "PublicationPermission"("answerId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyVersion_version_key" ON "PolicyVersion"("version");

-- CreateIndex
CREATE INDEX "ConsentRecord_subjectKey_createdAt_idx" ON "ConsentRecord"("subjectKey", "createdAt");

-- CreateIndex
CREATE INDEX "UsageMetadata_subjectKey_idx" ON "UsageMetadata"("subjectKey");

-- CreateIndex
CREATE INDEX "UsageMetadata_collectedAt_idx" ON "UsageMetadata"("collectedAt");

-- CreateIndex
CREATE INDEX "FraudSignal_subjectKey_idx" ON "FraudSignal"("subjectKey");

-- CreateIndex
CREATE INDEX "FraudSignal_fingerprint_idx" ON "FraudSignal"("fingerprint");

-- CreateIndex
CREATE INDEX "FraudSignal_collectedAt_idx" ON "FraudSignal"("collectedAt");

-- CreateIndex
CREATE INDEX "LocationFix_subjectKey_idx" ON "LocationFix"("subjectKey");

-- CreateIndex
CREATE INDEX "LocationFix_collectedAt_idx" ON "LocationFix"("collectedAt");

-- CreateIndex
CREATE INDEX "SessionEvent_subjectKey_idx" ON "SessionEvent"("subjectKey");

-- CreateIndex
CREATE INDEX "SessionEvent_collectedAt_idx" ON "SessionEvent"("collectedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "Answer_category_createdAt_idx" ON "Answer"("category", "createdAt");

-- CreateIndex
CREATE INDEX "Respondent_consentSubjectKey_idx" ON "Respondent"("consentSubjectKey");

-- AddForeignKey
ALTER TABLE "PublicationPermission" ADD CONSTRAINT "PublicationPermission_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "Answer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicationPermission" ADD CONSTRAINT "PublicationPermission_policyVersionId_fkey" FOREIGN KEY ("policyVersionId") REFERENCES "PolicyVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_policyVersionId_fkey" FOREIGN KEY ("policyVersionId") REFERENCES "PolicyVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageMetadata" ADD CONSTRAINT "UsageMetadata_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageMetadata" ADD CONSTRAINT "UsageMetadata_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FraudSignal" ADD CONSTRAINT "FraudSignal_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FraudSignal" ADD CONSTRAINT "FraudSignal_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocationFix" ADD CONSTRAINT "LocationFix_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocationFix" ADD CONSTRAINT "LocationFix_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionEvent" ADD CONSTRAINT "SessionEvent_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
