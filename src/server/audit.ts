import type { Db } from './create-db';

/**
 * Appends an audit event. Counts only — never the values that were removed (P6.1, P4.2).
 * `tx` may be a transaction client so that the event commits with the change it records.
 */
export type AuditInput = { actor: string; action: string; target?: string; counts?: Record<string, number>; at?: Date };

/** Staff who appear as audit actors (or handlers), by id; other actors ('respondent', 'system') are absent. */
export async function staffByIds(db: Pick<Db, 'staffUser'>, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const staff = await db.staffUser.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(staff.map((s) => [s.id, s]));
}

export function auditEvent(db: Pick<Db, 'auditEvent'>, { actor, action, target, counts, at }: AuditInput) {
  return db.auditEvent.create({ data: { actor, action, target, counts, at: at ?? new Date() } });
}
