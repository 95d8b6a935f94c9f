-- DropIndex
DROP INDEX "Response_surveyId_status_idx";

-- CreateIndex
CREATE INDEX "Response_surveyId_status_id_idx" ON "Response"("surveyId", "status", "id");
