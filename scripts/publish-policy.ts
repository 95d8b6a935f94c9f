/**
 * Publishes a new privacy-policy version (policy: P1.1, P1.2). The back office will do this
 * later; for now it is a command:
 *
 *   npm run policy:publish -- --material --effective 2026-12-01 \
 *     --summary-az "…" --summary-en "…" --text-az policy.az.txt --text-en policy.en.txt
 *
 * Texts default to the current version's; contacts are carried over from it. A material version,
 * once in force, makes the banner ask again and stops consent-based collection until people choose.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDb } from '../src/server/create-db';
import { getPolicyInForce, publishPolicyVersion } from '../src/features/consent/policy-versions';

const { values } = parseArgs({
  options: {
    material: { type: 'boolean', default: false },
    effective: { type: 'string' },
    'summary-az': { type: 'string' },
    'summary-en': { type: 'string' },
    'text-az': { type: 'string' },
    'text-en': { type: 'string' },
  },
});

async function main() {
  if (!values['summary-az'] || !values['summary-en']) throw new Error('--summary-az and --summary-en are required');
  const effectiveAt = !values.effective || values.effective === 'now' ? new Date() : new Date(values.effective);
  if (Number.isNaN(effectiveAt.getTime())) throw new Error(`--effective: not a date: ${values.effective}`);
  const db = createDb(process.env.DATABASE_URL);
  try {
    const current = await getPolicyInForce(db);
    if (!current) throw new Error('no policy version in force: run npm run db:seed first');
    const published = await publishPolicyVersion(db, {
      effectiveAt,
      material: values.material ?? false,
      summary: { az: values['summary-az'], en: values['summary-en'] },
      text: {
        az: values['text-az'] ? readFileSync(values['text-az'], 'utf8') : current.text.az,
        en: values['text-en'] ? readFileSync(values['text-en'], 'utf8') : current.text.en,
      },
      contacts: current.contacts,
    });
    console.log(
      `published policy version ${published.version} (${published.material ? 'material' : 'not material'}), effective ${published.effectiveAt.toISOString()}`,
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
