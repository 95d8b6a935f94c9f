-- AlterEnum
ALTER TYPE "QuestionType" ADD VALUE 'grid';

-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "randomizeSections" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Section" ADD COLUMN     "randomizeQuestions" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "randomizeOptions" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rows" JSONB;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "displayOrder" JSONB;
