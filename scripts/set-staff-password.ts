/**
 * `npm run staff:set-password -- --email someone@example.com` — sets a new password for a staff
 * account (from STAFF_PASSWORD, or generated and printed once) and ends every session of that
 * account. Audited.
 */
import { parseArgs } from 'node:util';
import { createDb } from '../src/server/create-db';
import { generatePassword } from '../src/features/auth/password';
import { setStaffPassword } from '../src/features/auth/users';

const { values } = parseArgs({ options: { email: { type: 'string' } } });

async function main() {
  if (!values.email) throw new Error('usage: npm run staff:set-password -- --email someone@example.com');
  const password = process.env.STAFF_PASSWORD ?? generatePassword();
  const db = createDb(process.env.DATABASE_URL);
  try {
    const user = await setStaffPassword(db, values.email, password);
    if (!user) throw new Error(`no staff account ${values.email}`);
    await db.auditEvent.create({ data: { actor: 'cli', action: 'staff.password_set', target: `staff:${user.id}` } });
    console.log(`new password set for ${values.email}; its sessions are ended${process.env.STAFF_PASSWORD ? '' : `. Password: ${password}`}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
