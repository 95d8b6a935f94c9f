-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN "consentSubjectKey" TEXT;

-- CreateTable
CREATE TABLE "PublicationPermission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "answerId" TEXT NOT NULL,
    "policyVersionId" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    CONSTRAINT "PublicationPermission_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "Answer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PublicationPermission_policyVersionId_fkey" FOREIGN KEY ("policyVersionId") REFERENCES "PolicyVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "effectiveAt" DATETIME NOT NULL,
    "material" BOOLEAN NOT NULL,
    "summary" JSONB NOT NULL,
    "text" JSONB NOT NULL,
    "contacts" JSONB NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subjectKey" TEXT NOT NULL,
    "policyVersionId" TEXT NOT NULL,
    "usage" BOOLEAN NOT NULL,
    "fraud" BOOLEAN NOT NULL,
    "sessionAnalytics" BOOLEAN NOT NULL,
    "location" BOOLEAN NOT NULL,
    "method" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsentRecord_policyVersionId_fkey" FOREIGN KEY ("policyVersionId") REFERENCES "PolicyVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UsageMetadata" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "batteryLevel" REAL,
    "language" TEXT,
    "country" TEXT,
    "timeZone" TEXT,
    "referrer" TEXT,
    "collectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UsageMetadata_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "UsageMetadata_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FraudSignal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consentRecordId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "responseId" TEXT,
    "fingerprint" TEXT NOT NULL,
    "traits" JSONB NOT NULL,
    "collectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FraudSignal_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "FraudSignal_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LocationFix" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consentRecordId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "responseId" TEXT,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL,
    "accuracyMeters" REAL,
    "collectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LocationFix_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "LocationFix_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consentRecordId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "clicks" INTEGER NOT NULL,
    "maxScrollPercent" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "collectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SessionEvent_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "counts" JSONB
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Question" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "sectionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "prompt" JSONB NOT NULL,
    "help" JSONB,
    "options" JSONB,
    "contactPurpose" TEXT,
    "publishable" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Question_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Question_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Question" ("category", "help", "id", "key", "options", "position", "prompt", "required", "sectionId", "surveyId", "type") SELECT "category", "help", "id", "key", "options", "position", "prompt", "required", "sectionId", "surveyId", "type" FROM "Question";
DROP TABLE "Question";
ALTER TABLE "new_Question" RENAME TO "Question";
CREATE INDEX "Question_sectionId_idx" ON "Question"("sectionId");
CREATE UNIQUE INDEX "Question_surveyId_key_key" ON "Question"("surveyId", "key");
CREATE TABLE "new_Survey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "ageGate" BOOLEAN NOT NULL DEFAULT false,
    "minimumAge" INTEGER,
    "country" TEXT,
    "title" JSONB NOT NULL,
    "description" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Survey_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Survey" ("clientId", "createdAt", "description", "id", "slug", "status", "title", "updatedAt") SELECT "clientId", "createdAt", "description", "id", "slug", "status", "title", "updatedAt" FROM "Survey";
DROP TABLE "Survey";
ALTER TABLE "new_Survey" RENAME TO "Survey";
CREATE UNIQUE INDEX "Survey_slug_key" ON "Survey"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
