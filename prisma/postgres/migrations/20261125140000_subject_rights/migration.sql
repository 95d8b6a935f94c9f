-- CreateEnum
CREATE TYPE "RequestType" AS ENUM ('access', 'portability', 'rectification', 'erasure', 'restriction', 'objection', 'withdrawal', 'complaint');

-- CreateEnum
CREATE TYPE "RequestChannel" AS ENUM ('self_service', 'email', 'phone', 'post', 'in_person');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('open', 'in_progress', 'completed', 'refused');

-- AlterEnum
ALTER TYPE "ConsentMethod" ADD VALUE 'dpo_withdrawal';

-- CreateTable
CREATE TABLE "DataSubjectRequest" (
    "id" TEXT NOT NULL,
    "type" "RequestType" NOT NULL,
    "channel" "RequestChannel" NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'open',
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "extendedDueAt" TIMESTAMP(3),
    "extensionReason" TEXT,
    "respondentIds" JSONB NOT NULL,
    "contactEmail" TEXT,
    "details" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'az',
    "handlerId" TEXT,
    "outcome" TEXT,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataSubjectRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubjectVerification" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "type" "RequestType" NOT NULL,
    "details" TEXT,
    "locale" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "SubjectVerification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportLink" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "downloads" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ExportLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityReport" (
    "id" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "contactEmail" TEXT,
    "locale" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" TIMESTAMP(3),
    "handlerId" TEXT,

    CONSTRAINT "SecurityReport_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ExportLink" ADD CONSTRAINT "ExportLink_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DataSubjectRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
