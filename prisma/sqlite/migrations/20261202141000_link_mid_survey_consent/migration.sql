-- Issue 9, item 3b: consent given in the middle of a survey was never linked to its respondent, so
-- the subject's view, export and erasure missed it. Link each respondent holding no consent chain
-- to the chain of the first consent-based row collected for one of its responses, when no
-- respondent holds that chain yet (README: "One browser, several people"). Data only.
UPDATE "Respondent" SET "consentSubjectKey" = (
  SELECT c."subjectKey"
  FROM "Response" r
  JOIN (
    SELECT "responseId", "consentRecordId", "collectedAt" FROM "UsageMetadata"
    UNION ALL SELECT "responseId", "consentRecordId", "collectedAt" FROM "FraudSignal"
    UNION ALL SELECT "responseId", "consentRecordId", "collectedAt" FROM "LocationFix"
  ) x ON x."responseId" = r."id"
  JOIN "ConsentRecord" c ON c."id" = x."consentRecordId"
  WHERE r."respondentId" = "Respondent"."id"
    AND NOT EXISTS (SELECT 1 FROM "Respondent" h WHERE h."consentSubjectKey" = c."subjectKey")
  ORDER BY x."collectedAt" ASC, c."id" ASC
  LIMIT 1
)
WHERE "consentSubjectKey" IS NULL;
