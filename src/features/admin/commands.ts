import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { createStaffUser, newStaffUserSchema } from '@/features/auth/users';
import { Refusal } from '@/server/refusal';

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
  const data = clientSchema.parse(input);
  return db.$transaction(async (tx) => {
    const client = await tx.client.create({ data, select: { id: true, slug: true } });
    await auditEvent(tx, { actor: user.id, action: 'client.created', target: `client:${client.id}` });
    return client;
  });
}

export async function createStaffAs(db: Db, user: StaffUserDTO, input: z.input<typeof newStaffUserSchema>) {
  assertAdmin(user);
  const parsed = newStaffUserSchema.parse(input);
  if (parsed.clientId && !(await db.client.findUnique({ where: { id: parsed.clientId }, select: { id: true } }))) {
    throw new z.ZodError([{ code: 'custom', path: ['clientId'], message: 'invalid_choice', input: parsed.clientId }]);
  }
  return db.$transaction(async (tx) => {
    const created = await createStaffUser(tx, parsed);
    await auditEvent(tx, { actor: user.id, action: 'staff.created', target: `staff:${created.id}` });
    return created;
  });
}

/**
 * Disables (or re-enables) a staff account. A disabled account cannot sign in, and its open
 * sessions end at their next request — for good: re-enabling does not revive them.
 * An admin cannot lock themselves out.
 */
export async function setStaffDisabledAs(db: Db, user: StaffUserDTO, staffId: string, disabled: boolean) {
  assertAdmin(user);
  if (staffId === user.id) throw new AuthError('forbidden');
  // Raising the session version ends every session of the account at once (src/server/dal.ts).
  return db.$transaction(async (tx) => {
    const { count } = await tx.staffUser.updateMany({ where: { id: staffId }, data: { disabledAt: disabled ? new Date() : null, sessionVersion: { increment: 1 } } });
    if (count) await auditEvent(tx, { actor: user.id, action: disabled ? 'staff.disabled' : 'staff.enabled', target: `staff:${staffId}` });
    return count > 0;
  });
}

export const clientUpdateSchema = clientSchema.omit({ slug: true });

/** 'region_fixed': a Client with surveys keeps its storage region; 'not_empty': one with surveys or analysts stays. */
export class ClientInUseError extends Refusal {
  constructor(readonly reason: 'region_fixed' | 'not_empty') {
    super(reason);
    this.name = 'ClientInUseError';
  }
}

/**
 * Renames a Client or sets its storage region. policy: P14.1 — the region says where data already
 * stored lives, so it can change only while the Client has no survey (moving stored data between
 * regions is an operation of its own, not a form field). The slug stays: links and exports use it.
 */
export async function updateClientAs(db: Db, user: StaffUserDTO, clientId: string, input: z.input<typeof clientUpdateSchema>) {
  assertAdmin(user);
  const data = clientUpdateSchema.parse(input);
  const client = await db.client.findUnique({ where: { id: clientId }, select: { storageRegion: true, _count: { select: { surveys: true } } } });
  if (!client) throw new AuthError('forbidden');
  if (data.storageRegion !== client.storageRegion && client._count.surveys > 0) throw new ClientInUseError('region_fixed');
  await db.$transaction([db.client.update({ where: { id: clientId }, data }), auditEvent(db, { actor: user.id, action: 'client.updated', target: `client:${clientId}` })]);
}

/** Removes a Client that holds nothing: no survey (so no response) and no analyst account. */
export async function deleteClientAs(db: Db, user: StaffUserDTO, clientId: string) {
  assertAdmin(user);
  await db.$transaction(async (tx) => {
    const { count } = await tx.client.deleteMany({ where: { id: clientId, surveys: { none: {} }, analysts: { none: {} } } });
    if (!count) throw new ClientInUseError('not_empty');
    await auditEvent(tx, { actor: user.id, action: 'client.deleted', target: `client:${clientId}` });
  });
}
