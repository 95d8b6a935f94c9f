import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { hashPassword } from './password';

const passwordSchema = z.string().min(12, 'password_too_short').max(200, 'too_long');

/** Staff accounts: created by an admin (back office), by the CLI (first admin) or the demo seed. */
export const newStaffUserSchema = z
  .object({
    email: z.email('invalid_email').max(254, 'invalid_email').transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1, 'required').max(100, 'too_long'),
    role: z.enum(['admin', 'analyst', 'dpo'], 'invalid_choice'),
    clientId: z.string().min(1).optional(),
    password: passwordSchema,
    locale: z.enum(['az', 'en']).default('az'),
  })
  .strict()
  // policy: P5.5 — an analyst belongs to exactly one Client; admins and the DPO to none.
  .refine((u) => (u.role === 'analyst') === Boolean(u.clientId), { message: 'analyst_needs_client', path: ['clientId'] });

export type NewStaffUser = z.input<typeof newStaffUserSchema>;

export async function createStaffUser(db: Pick<Db, 'staffUser'>, input: NewStaffUser) {
  const user = newStaffUserSchema.parse(input);
  return db.staffUser.create({
    data: {
      email: user.email,
      name: user.name,
      role: user.role,
      clientId: user.clientId ?? null,
      locale: user.locale,
      passwordHash: await hashPassword(user.password),
    },
    select: { id: true, email: true, name: true, role: true, clientId: true },
  });
}

/**
 * Sets a new password (`npm run staff:set-password`), which ends every session of the account:
 * whoever held one with the old password is out (src/server/dal.ts checks the session version).
 * Null when there is no such account.
 */
export async function setStaffPassword(db: Db, email: string, password: string): Promise<{ id: string } | null> {
  const passwordHash = await hashPassword(passwordSchema.parse(password));
  const user = await db.staffUser.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) return null;
  await db.staffUser.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
  return user;
}
