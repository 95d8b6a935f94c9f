-- Rows a concurrent submission stored twice (the count-then-insert race): keep one per response.
DELETE FROM "UsageMetadata" WHERE "responseId" IS NOT NULL AND "id" NOT IN (SELECT MIN("id") FROM "UsageMetadata" WHERE "responseId" IS NOT NULL GROUP BY "responseId");
DELETE FROM "FraudSignal" WHERE "responseId" IS NOT NULL AND "id" NOT IN (SELECT MIN("id") FROM "FraudSignal" WHERE "responseId" IS NOT NULL GROUP BY "responseId");
-- CreateIndex
CREATE UNIQUE INDEX "FraudSignal_responseId_key" ON "FraudSignal"("responseId");

-- CreateIndex
CREATE UNIQUE INDEX "UsageMetadata_responseId_key" ON "UsageMetadata"("responseId");
