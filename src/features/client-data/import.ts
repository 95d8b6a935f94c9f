import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/generated/sqlite';
import type { Db } from '@/server/create-db';
import { databaseProvider } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, clientScope, type StaffUserDTO } from '@/server/authz';
import { Refusal } from '@/server/refusal';
import { lockKey } from '@/server/chain-lock';
import { readClientCsv, type MatchKey } from './csv-rows';

/**
 * policy: P4.4, P3.2, P5.5 — a Client's data about its customers (loyalty membership, tier,
 * transaction totals), uploaded as CSV by an admin or by that Client's own analyst, combined with
 * the answers of the respondents it matches. Category `client`, basis legitimate interests, with
 * its source (the upload: Client, file, who, when) and the Client's storage region.
 *
 * Data minimisation: only rows that match a respondent of the Client's own surveys are stored —
 * the rest of a customer list is read, counted and dropped. The match value itself (email, phone,
 * customer id) is not copied: a stored value points at its respondent. Respondents whose
 * processing is restricted (P7.2) or who were found to be minors (P11.1) are not matched.
 * A file with any bad row stores no value at all (only the upload's record, with line numbers).
 */

export class ClientDataRefusal extends Refusal {
  constructor(code: 'gone') {
    super(code);
    this.name = 'ClientDataRefusal';
  }
}

/** Admins for every Client; an analyst for their own Client only (P5.5); nobody else. */
export function assertClientDataAccess(user: StaffUserDTO, clientId: string) {
  const scope = clientScope(user);
  if (scope.clientId !== undefined && scope.clientId !== clientId) throw new AuthError('forbidden');
}

export type Upload = { clientId: string; matchKey: MatchKey; fileName: string; stream: ReadableStream<Uint8Array> };

export async function importClientDataAs(db: Db, user: StaffUserDTO, upload: Upload, now = new Date()) {
  assertClientDataAccess(user, upload.clientId);
  const client = await db.client.findUnique({ where: { id: upload.clientId }, select: { id: true, storageRegion: true } });
  if (!client) throw new ClientDataRefusal('gone');
  const parsed = await readClientCsv(upload.stream, upload.matchKey);
  const record = {
    clientId: client.id,
    matchKey: upload.matchKey,
    fileName: upload.fileName.slice(0, 200) || 'upload.csv',
    uploadedById: user.id,
    uploadedAt: now,
    fields: parsed.fields,
    rowCount: parsed.rowCount,
    storageRegion: client.storageRegion,
  };
  if (parsed.errors.length) {
    return db.$transaction(async (tx) => {
      const rejected = await tx.clientDataImport.create({ data: { ...record, status: 'rejected', matchedRows: 0, errors: parsed.errors }, select: { id: true } });
      await auditEvent(tx, { actor: user.id, action: 'client_data.rejected', target: `client:${client.id}`, counts: { rows: parsed.rowCount, errors: parsed.errors.length }, at: now });
      return { id: rejected.id, status: 'rejected' as const };
    });
  }
  // Matching reads in SQL outside the transaction (never plain SQL inside one: src/server/sql.ts).
  const candidates = await matchRespondents(db, client.id, upload.matchKey, [...parsed.rows.keys()]);
  return db.$transaction(
    async (tx) => {
      // One upload per Client at a time (PostgreSQL; SQLite has one writer anyway): two uploads of
      // the same fields would otherwise both delete, then both insert into one unique key.
      await lockKey(tx, databaseProvider(db), `client-data:${client.id}`);
      // Eligibility is read here, in the transaction that writes: a respondent restricted, found
      // to be a minor or erased meanwhile gets nothing (P7.2, P11.1).
      const matches = await eligibleOnly(tx, candidates);
      const respondentIds = [...new Set([...matches.values()].flat())];
      const values = [...matches].flatMap(([key, ids]) => ids.flatMap((respondentId) => Object.entries(parsed.rows.get(key)!).map(([field, value]) => ({ respondentId, field, value }))));
      const imported = await tx.clientDataImport.create({ data: { ...record, status: 'imported', matchedRows: matches.size }, select: { id: true } });
      // The latest upload of a field replaces that field's earlier value for every matched
      // respondent: an empty cell clears it.
      for (let i = 0; i < respondentIds.length; i += 500) {
        await tx.clientDatum.deleteMany({ where: { clientId: client.id, respondentId: { in: respondentIds.slice(i, i + 500) }, field: { in: parsed.fields } } });
      }
      await insertValues(tx, databaseProvider(db), values.map((v) => ({ ...v, clientId: client.id, importId: imported.id })), now);
      await auditEvent(tx, {
        actor: user.id,
        action: 'client_data.imported',
        target: `client:${client.id}`,
        counts: { rows: parsed.rowCount, matchedRows: matches.size, unmatchedRows: parsed.rowCount - matches.size, values: values.length },
        at: now,
      });
      return { id: imported.id, status: 'imported' as const };
    },
    { timeout: 120_000 },
  );
}

type Value = { clientId: string; respondentId: string; importId: string; field: string; value: string };

/**
 * Inserts the values in chunks. On SQLite, one multi-row INSERT per chunk: the embedded driver is
 * synchronous, so every millisecond here is one the whole app waits — Prisma's createMany took
 * about 190 ms per 1,000 rows, this about 27 (bench/client-data-import.mts) — and the event loop is
 * let go between chunks. PostgreSQL works in its own process: createMany.
 */
async function insertValues(tx: Prisma.TransactionClient, provider: 'sqlite' | 'postgres', values: Value[], now: Date) {
  for (let i = 0; i < values.length; i += 1000) {
    const chunk = values.slice(i, i + 1000);
    if (provider === 'postgres') {
      await tx.clientDatum.createMany({ data: chunk.map((v) => ({ ...v, createdAt: now })) });
      continue;
    }
    const at = now.toISOString().replace('Z', '+00:00');
    await tx.$executeRawUnsafe(
      `INSERT INTO "ClientDatum" ("id", "clientId", "respondentId", "importId", "field", "value", "category", "lawfulBasis", "createdAt")
       VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, 'client', 'legitimate_interests', ?)").join(', ')}`,
      ...chunk.flatMap((v) => [randomUUID(), v.clientId, v.respondentId, v.importId, v.field, v.value, at]),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Key → the respondents of this Client's surveys it names (eligibility is checked by the writer). */
async function matchRespondents(db: Db, clientId: string, matchKey: MatchKey, keys: string[]): Promise<{ key: string; respondentId: string }[]> {
  const pairs: { key: string; respondentId: string }[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    if (matchKey === 'customer_id') {
      const rows = await db.response.findMany({ where: { customerId: { in: chunk }, survey: { clientId } }, select: { customerId: true, respondentId: true } });
      pairs.push(...rows.map((r) => ({ key: r.customerId!, respondentId: r.respondentId })));
    } else {
      pairs.push(...(await respondentsWithContactValues(db, clientId, matchKey, chunk)));
    }
  }
  return pairs;
}

/** The pairs whose respondent may be matched: not restricted (P7.2), not a discovered minor (P11.1), not gone. */
async function eligibleOnly(tx: Pick<Db, 'respondent'>, pairs: { key: string; respondentId: string }[]) {
  const eligible = new Set<string>();
  const ids = [...new Set(pairs.map((p) => p.respondentId))];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx.respondent.findMany({ where: { id: { in: ids.slice(i, i + 500) }, restrictedAt: null, deactivatedAt: null }, select: { id: true } });
    for (const r of rows) eligible.add(r.id);
  }
  const matches = new Map<string, string[]>();
  for (const { key, respondentId } of pairs) {
    if (!eligible.has(respondentId)) continue;
    const list = matches.get(key) ?? [];
    if (!list.includes(respondentId)) list.push(respondentId);
    matches.set(key, list);
  }
  return matches;
}

/**
 * Contact answers (already normalized by the survey: emails lower-case, phones without spaces)
 * equal to these values, in this Client's surveys. SQL so that the literal category meets the
 * partial index on contact values, as the DPO's search does (dpo/subject.ts).
 */
async function respondentsWithContactValues(db: Db, clientId: string, type: 'email' | 'phone', values: string[]) {
  if (databaseProvider(db) === 'postgres') {
    return db.$queryRawUnsafe<{ key: string; respondentId: string }[]>(
      `SELECT a."value" #>> '{}' AS "key", r."respondentId"
         FROM "Answer" a
         JOIN "Question" q ON q."id" = a."questionId"
         JOIN "Response" r ON r."id" = a."responseId"
         JOIN "Survey" s ON s."id" = r."surveyId"
        WHERE a."category" = 'contact' AND (a."value" #>> '{}') = ANY($1::text[]) AND q."type"::text = $2 AND s."clientId" = $3`,
      values,
      type,
      clientId,
    );
  }
  const rows = await db.$queryRawUnsafe<{ key: unknown; respondentId: string }[]>(
    `SELECT a."value" AS "key", r."respondentId"
       FROM "Answer" a
       JOIN "Question" q ON q."id" = a."questionId"
       JOIN "Response" r ON r."id" = a."responseId"
       JOIN "Survey" s ON s."id" = r."surveyId"
      WHERE a."category" = 'contact' AND a."value" IN (${values.map(() => '?').join(', ')}) AND q."type" = ? AND s."clientId" = ?`,
    ...values.map((v) => JSON.stringify(v)),
    type,
    clientId,
  );
  // Prisma reads the JSON column back as its value (the address itself, not its JSON text).
  return rows.map((r) => ({ key: String(r.key), respondentId: r.respondentId }));
}

/** The uploads of the Clients this user may see, newest first. */
export async function listClientDataImportsAs(db: Db, user: StaffUserDTO) {
  return db.clientDataImport.findMany({
    where: clientScope(user),
    orderBy: { uploadedAt: 'desc' },
    take: 100,
    select: { id: true, fileName: true, matchKey: true, status: true, rowCount: true, matchedRows: true, uploadedAt: true, client: { select: { name: true } } },
  });
}

export async function getClientDataImportAs(db: Db, user: StaffUserDTO, id: string) {
  const row = await db.clientDataImport.findFirst({
    where: { id, ...clientScope(user) },
    select: { id: true, fileName: true, matchKey: true, status: true, rowCount: true, matchedRows: true, uploadedAt: true, uploadedById: true, fields: true, errors: true, storageRegion: true, client: { select: { id: true, name: true } }, _count: { select: { data: true } } },
  });
  return row && { ...row, fields: row.fields as string[], errors: (row.errors ?? []) as { line: number; column?: string; code: string }[] };
}

/** The Clients this user may upload data for: every Client for an admin, their own for an analyst. */
export async function clientsForUploadAs(db: Db, user: StaffUserDTO) {
  const scope = clientScope(user);
  return db.client.findMany({ where: scope.clientId ? { id: scope.clientId } : {}, orderBy: { name: 'asc' }, select: { id: true, name: true } });
}
