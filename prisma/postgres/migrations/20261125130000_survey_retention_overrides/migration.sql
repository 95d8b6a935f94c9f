-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "retentionAnswersDays" INTEGER,
ADD COLUMN     "retentionContactDays" INTEGER,
ADD COLUMN     "retentionDemographicDays" INTEGER,
ADD COLUMN     "retentionDraftDays" INTEGER;
