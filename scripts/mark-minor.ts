/**
 * `npm run respondent:minor -- <respondentId>` — policy: P11.1. Deletes all data of a respondent
 * found to be a minor and deactivates them; prints the counts (also in the audit log).
 */
import { createDb } from '../src/server/create-db';
import { markRespondentAsMinor } from '../src/features/survey/minors';

const respondentId = process.argv[2];
if (!respondentId) {
  console.error('usage: npm run respondent:minor -- <respondentId>');
  process.exit(2);
}
const db = createDb(process.env.DATABASE_URL);
markRespondentAsMinor(db, respondentId)
  .then((counts) => {
    if (!counts) {
      console.error(`no respondent ${respondentId}`);
      process.exitCode = 1;
    } else console.log(JSON.stringify({ event: 'respondent_minor_deactivated', respondentId, counts }));
  })
  .finally(() => db.$disconnect());
