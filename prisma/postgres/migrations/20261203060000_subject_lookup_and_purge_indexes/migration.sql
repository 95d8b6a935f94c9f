-- CreateIndex
CREATE INDEX "Response_respondentId_idx" ON "Response"("respondentId");

-- CreateIndex
CREATE INDEX "Response_status_completedAt_idx" ON "Response"("status", "completedAt");

-- Issue 11: a DSAR finds a subject by a contact value among millions of answers (models.prisma,
-- Answer). Hash: equality is all a search needs, and a long value never exceeds an index row.
CREATE INDEX "Answer_contact_value_idx" ON "Answer" USING hash (("value" #>> '{}')) WHERE "category" = 'contact';
