import type { Db } from '@/server/create-db';
import type { StaffUserDTO } from '@/features/auth/roles';
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

export async function listAuditEvents(db: Db, user: StaffUserDTO, take = 200) {
  assertAdmin(user);
  return db.auditEvent.findMany({ orderBy: { at: 'desc' }, take, select: { id: true, at: true, actor: true, action: true, target: true, counts: true } });
}
