-- CreateTable
CREATE TABLE "SocialProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "collectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SocialProfile_consentRecordId_fkey" FOREIGN KEY ("consentRecordId") REFERENCES "ConsentRecord" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SocialProfile_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (added columns, not a rebuild of a table that may hold millions of rows)
ALTER TABLE "ConsentRecord" ADD COLUMN "social" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ConsentRecord" ADD COLUMN "cookieChoiceMade" BOOLEAN NOT NULL DEFAULT true;

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

