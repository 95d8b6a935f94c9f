-- CreateIndex
CREATE INDEX "Response_respondentId_idx" ON "Response"("respondentId");

-- CreateIndex
CREATE INDEX "Response_status_completedAt_idx" ON "Response"("status", "completedAt");

-- Issue 11: a DSAR finds a subject by a contact value (models.prisma, Answer); values are JSON text.
CREATE INDEX "Answer_contact_value_idx" ON "Answer"("value") WHERE "category" = 'contact';
