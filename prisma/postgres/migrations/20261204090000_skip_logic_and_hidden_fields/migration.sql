-- AlterEnum
ALTER TYPE "QuestionType" ADD VALUE 'hidden';

-- AlterTable
ALTER TABLE "Section" ADD COLUMN     "showIf" JSONB;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "showIf" JSONB;
