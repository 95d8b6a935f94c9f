-- AlterTable
ALTER TABLE "Survey" ADD COLUMN "retentionAnswersDays" INTEGER;
ALTER TABLE "Survey" ADD COLUMN "retentionContactDays" INTEGER;
ALTER TABLE "Survey" ADD COLUMN "retentionDemographicDays" INTEGER;
ALTER TABLE "Survey" ADD COLUMN "retentionDraftDays" INTEGER;
