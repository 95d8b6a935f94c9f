import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { hashPassword } from './password';

/** Staff accounts: created by an admin (back office), by the CLI (first admin) or the demo seed. */
export const newStaffUserSchema = z
  .object({
    email: z.email('invalid_email').max(254, 'invalid_email').transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1, 'required').max(100, 'too_long'),
    role: z.enum(['admin', 'analyst', 'dpo'], 'invalid_choice'),
    clientId: z.string().min(1).optional(),
    password: z.string().min(12, 'password_too_short').max(200, 'too_long'),
    locale: z.enum(['az', 'en']).default('az'),
  })
  .strict()
  // policy: P5.5 — an analyst belongs to exactly one Client; admins and the DPO to none.
  .refine((u) => (u.role === 'analyst') === Boolean(u.clientId), { message: 'analyst_needs_client', path: ['clientId'] });

export type NewStaffUser = z.input<typeof newStaffUserSchema>;

export async function createStaffUser(db: Db, input: NewStaffUser) {
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
