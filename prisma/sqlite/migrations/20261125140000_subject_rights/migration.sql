-- CreateTable
CREATE TABLE "DataSubjectRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "receivedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "extendedDueAt" DATETIME,
    "extensionReason" TEXT,
    "respondentIds" JSONB NOT NULL,
    "contactEmail" TEXT,
    "details" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'az',
    "handlerId" TEXT,
    "outcome" TEXT,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SubjectVerification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "details" TEXT,
    "locale" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ExportLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "downloads" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ExportLink_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DataSubjectRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "SecurityReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "description" TEXT NOT NULL,
    "contactEmail" TEXT,
    "locale" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" DATETIME,
    "handlerId" TEXT
);

-- CreateIndex
CREATE INDEX "DataSubjectRequest_status_dueAt_idx" ON "DataSubjectRequest"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "SubjectVerification_tokenHash_key" ON "SubjectVerification"("tokenHash");

-- CreateIndex
CREATE INDEX "SubjectVerification_email_idx" ON "SubjectVerification"("email");

-- CreateIndex
CREATE UNIQUE INDEX "ExportLink_tokenHash_key" ON "ExportLink"("tokenHash");

-- CreateIndex
CREATE INDEX "OutboxMessage_to_idx" ON "OutboxMessage"("to");
