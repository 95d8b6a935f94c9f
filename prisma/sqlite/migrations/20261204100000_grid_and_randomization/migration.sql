-- AlterTable
ALTER TABLE "Response" ADD COLUMN "displayOrder" JSONB;

-- AlterTable (ADD COLUMN instead of Prisma's table rebuild: the same columns, no copy of the data)
ALTER TABLE "Survey" ADD COLUMN "randomizeSections" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Section" ADD COLUMN "randomizeQuestions" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN "rows" JSONB;
ALTER TABLE "Question" ADD COLUMN "randomizeOptions" BOOLEAN NOT NULL DEFAULT false;
