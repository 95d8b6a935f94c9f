-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "reminderAfterDays" INTEGER;
