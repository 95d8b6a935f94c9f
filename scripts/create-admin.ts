/**
 * `npm run staff:create-admin -- --email you@example.com --name "Your Name"` — creates the first
 * admin (or another one). The password comes from STAFF_PASSWORD or is generated and printed once.
 */
import { parseArgs } from 'node:util';
import { createDb } from '../src/server/create-db';
import { generatePassword } from '../src/features/auth/password';
import { createStaffUser } from '../src/features/auth/users';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' } } });

async function main() {
  if (!values.email || !values.name) throw new Error('usage: npm run staff:create-admin -- --email you@example.com --name "Your Name"');
  const password = process.env.STAFF_PASSWORD ?? generatePassword();
  const db = createDb(process.env.DATABASE_URL);
  try {
    const user = await createStaffUser(db, {
      email: values.email,
      name: values.name,
      role: 'admin',
      password,
      locale: values.locale === 'en' ? 'en' : 'az',
    });
    await db.auditEvent.create({ data: { actor: 'cli', action: 'staff.created', target: `staff:${user.id}` } });
    console.log(`created admin ${user.email}${process.env.STAFF_PASSWORD ? '' : ` with password: ${password}`}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
