-- CreateEnum
CREATE TYPE "ClientMatchKey" AS ENUM ('email', 'phone', 'customer_id');

-- CreateEnum
CREATE TYPE "ClientImportStatus" AS ENUM ('imported', 'rejected');

-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "acceptsCustomerId" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "customerId" TEXT;

-- AlterTable
ALTER TABLE "PublicationPermission" ADD COLUMN     "includesRating" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ClientDataImport" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "matchKey" "ClientMatchKey" NOT NULL,
    "fileName" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL,
    "status" "ClientImportStatus" NOT NULL,
    "fields" JSONB NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "matchedRows" INTEGER NOT NULL,
    "errors" JSONB,
    "storageRegion" TEXT NOT NULL,

    CONSTRAINT "ClientDataImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientDatum" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "category" "DataCategory" NOT NULL DEFAULT 'client',
    "lawfulBasis" "LawfulBasis" NOT NULL DEFAULT 'legitimate_interests',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClientDatum_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ClientDataImport_clientId_uploadedAt_idx" ON "ClientDataImport"("clientId", "uploadedAt");

-- CreateIndex
CREATE INDEX "ClientDatum_respondentId_idx" ON "ClientDatum"("respondentId");

-- CreateIndex
CREATE INDEX "ClientDatum_clientId_field_value_idx" ON "ClientDatum"("clientId", "field", "value");

-- CreateIndex
CREATE INDEX "ClientDatum_createdAt_idx" ON "ClientDatum"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ClientDatum_clientId_respondentId_field_key" ON "ClientDatum"("clientId", "respondentId", "field");

-- CreateIndex
CREATE INDEX "Response_customerId_idx" ON "Response"("customerId");

-- AddForeignKey
ALTER TABLE "ClientDataImport" ADD CONSTRAINT "ClientDataImport_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientDatum" ADD CONSTRAINT "ClientDatum_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientDatum" ADD CONSTRAINT "ClientDatum_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientDatum" ADD CONSTRAINT "ClientDatum_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ClientDataImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
