/**
 * `npm run staff:unlock -- --email dpo@example.com [--ip 203.0.113.7]` — lets a throttled account
 * sign in again at once: forgets its sign-in attempt counters (its own and those of every address
 * that tried it) and, with --ip, that address's counter too. Audited.
 */
import { parseArgs } from 'node:util';
import { createDb } from '../src/server/create-db';
import { unlockStaffAccount } from '../src/features/auth/throttle';

const { values } = parseArgs({ options: { email: { type: 'string' }, ip: { type: 'string' } } });

async function main() {
  if (!values.email) throw new Error('usage: npm run staff:unlock -- --email someone@example.com [--ip 203.0.113.7]');
  const db = createDb(process.env.DATABASE_URL);
  try {
    const email = values.email.trim().toLowerCase();
    const user = await db.staffUser.findUnique({ where: { email }, select: { id: true } });
    if (!user) console.warn(`no staff account ${email}; its counters are cleared anyway`);
    const cleared = await unlockStaffAccount(db, email, values.ip);
    await db.auditEvent.create({ data: { actor: 'cli', action: 'staff.unlocked', target: user ? `staff:${user.id}` : undefined, counts: { counters: cleared } } });
    console.log(`unlocked ${email}${values.ip ? ` and ${values.ip}` : ''} (${cleared} counter${cleared === 1 ? '' : 's'} cleared)`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
