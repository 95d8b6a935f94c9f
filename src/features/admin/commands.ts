import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, type StaffUserDTO } from '@/features/auth/roles';
import { createStaffUser, newStaffUserSchema } from '@/features/auth/users';

/**
 * Admin-only changes. Each takes the acting user and refuses anyone but an admin — the data
 * layer's own check, whatever the action in front of it already verified.
 */
export function assertAdmin(user: StaffUserDTO) {
  if (user.role !== 'admin') throw new AuthError('forbidden');
}

export const clientSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(100, 'too_long'),
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'slug'),
    storageRegion: z.enum(['US', 'UK', 'JP', 'EU'], 'invalid_choice'),
  })
  .strict();

/** policy: P14.1 — every Client records the region its data is stored in. */
export async function createClientAs(db: Db, user: StaffUserDTO, input: z.infer<typeof clientSchema>) {
  assertAdmin(user);
  const client = await db.client.create({ data: clientSchema.parse(input), select: { id: true, slug: true } });
  await auditEvent(db, { actor: user.id, action: 'client.created', target: `client:${client.id}` });
  return client;
}

export async function createStaffAs(db: Db, user: StaffUserDTO, input: z.input<typeof newStaffUserSchema>) {
  assertAdmin(user);
  const parsed = newStaffUserSchema.parse(input);
  if (parsed.clientId && !(await db.client.findUnique({ where: { id: parsed.clientId }, select: { id: true } }))) {
    throw new z.ZodError([{ code: 'custom', path: ['clientId'], message: 'invalid_choice', input: parsed.clientId }]);
  }
  const created = await createStaffUser(db, parsed);
  await auditEvent(db, { actor: user.id, action: 'staff.created', target: `staff:${created.id}` });
  return created;
}

/**
 * Disables (or re-enables) a staff account. A disabled account cannot sign in, and its open
 * sessions end at their next request (the data layer reads `disabledAt` every time).
 * An admin cannot lock themselves out.
 */
export async function setStaffDisabledAs(db: Db, user: StaffUserDTO, staffId: string, disabled: boolean) {
  assertAdmin(user);
  if (staffId === user.id) throw new AuthError('forbidden');
  const { count } = await db.staffUser.updateMany({ where: { id: staffId }, data: { disabledAt: disabled ? new Date() : null } });
  if (count) await auditEvent(db, { actor: user.id, action: disabled ? 'staff.disabled' : 'staff.enabled', target: `staff:${staffId}` });
  return count > 0;
}
