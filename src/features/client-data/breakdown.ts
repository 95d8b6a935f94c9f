import type { Db } from '@/server/create-db';
import { FIELD_NAME } from './csv-rows';

/**
 * policy: P3.2, P5.5 — answers broken down by a Client field (tier, loyalty membership …): the
 * Client data used is always the survey's own Client's, whoever looks (an admin too), and only
 * reportable responses count (completed, processing not restricted — P7.2).
 */

/** A report's restriction to one group: respondents whose `field` is `value`, or who have none (`value` null). */
export type ClientGroup = { field: string; value: string | null };

/** The Client fields known for this Client's respondents, by name. */
export async function clientFieldsOf(db: Db, clientId: string): Promise<string[]> {
  const rows = await db.clientDatum.groupBy({ by: ['field'], where: { clientId }, orderBy: { field: 'asc' } });
  return rows.map((r) => r.field);
}

/** The `respondent` filter of a report limited to one group. */
export function respondentsInGroup(clientId: string, group: ClientGroup) {
  return group.value === null
    ? { clientData: { none: { clientId, field: group.field } } }
    : { clientData: { some: { clientId, field: group.field, value: group.value } } };
}

/** Completed, reportable responses of the survey per value of the field (null: no value known). */
export async function groupsOf(db: Db, clientId: string, surveyId: string, field: string) {
  const responses = await db.response.findMany({
    where: { surveyId, status: 'completed', respondent: { restrictedAt: null } },
    select: { respondent: { select: { clientData: { where: { clientId, field }, select: { value: true } } } } },
  });
  const counts = new Map<string | null, number>();
  for (const r of responses) {
    const value = r.respondent.clientData[0]?.value ?? null;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].map(([value, responses]) => ({ value, responses })).sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : a.value.localeCompare(b.value)));
}

/** The group a report's query asks for, or null (a malformed field name is ignored, not looked up). */
export function groupFromQuery(by: string | undefined, value: string | undefined, none: string | undefined): ClientGroup | null {
  if (!by || !FIELD_NAME.test(by)) return null;
  if (none === '1') return { field: by, value: null };
  return typeof value === 'string' && value.length <= 200 ? { field: by, value } : null;
}
