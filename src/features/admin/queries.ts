import type { Db } from '@/server/create-db';
import { staffByIds } from '@/server/audit';
import type { StaffUserDTO } from '@/server/authz';
import { assertAdmin } from './commands';

/** Admin-only reads. Each takes the acting user and refuses anyone but an admin. */

export async function listClients(db: Db, user: StaffUserDTO) {
  assertAdmin(user);
  return db.client.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, slug: true, name: true, storageRegion: true, _count: { select: { surveys: true, analysts: true } } },
  });
}

export async function listStaff(db: Db, user: StaffUserDTO) {
  assertAdmin(user);
  return db.staffUser.findMany({
    orderBy: [{ role: 'asc' }, { email: 'asc' }],
    // Never the password hash.
    select: { id: true, email: true, name: true, role: true, lastLoginAt: true, disabledAt: true, client: { select: { name: true } } },
  });
}

/** The newest audit events, with staff actors shown by name and email (the log itself keeps the id). */
export async function listAuditEvents(db: Db, user: StaffUserDTO, take = 200) {
  assertAdmin(user);
  const events = await db.auditEvent.findMany({ orderBy: { at: 'desc' }, take, select: { id: true, at: true, actor: true, action: true, target: true, counts: true } });
  const staff = await staffByIds(db, events.map((e) => e.actor));
  return events.map((e) => {
    const s = staff.get(e.actor);
    return { ...e, actorName: s ? `${s.name} <${s.email}>` : e.actor };
  });
}

export async function getClient(db: Db, user: StaffUserDTO, clientId: string) {
  assertAdmin(user);
  return db.client.findUnique({
    where: { id: clientId },
    select: { id: true, slug: true, name: true, storageRegion: true, _count: { select: { surveys: true, analysts: true } } },
  });
}
