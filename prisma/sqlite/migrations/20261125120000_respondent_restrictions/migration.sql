-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN "objectsToSharingAt" DATETIME;
ALTER TABLE "Respondent" ADD COLUMN "restrictedAt" DATETIME;
