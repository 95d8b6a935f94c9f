-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN     "objectsToSharingAt" TIMESTAMP(3),
ADD COLUMN     "restrictedAt" TIMESTAMP(3);
