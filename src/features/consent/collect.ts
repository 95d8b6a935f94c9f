import { createHash } from 'node:crypto';
import { promises as dns } from 'node:dns';
import type { Db } from '@/server/create-db';
import { sqlFor } from '@/server/sql';
import { consentGrants, effectiveGrants, type ConsentFacts } from './policy';
import { parseFraudTraits, type ClientHints } from './collection-schemas';
import { latestConsentOf, type ConsentRecordDTO } from './records';
import { joinConsentChain, respondentHoldsConsent } from './subjects';
import { usageFieldsFrom, type RequestFacts } from './usage-facts';

/**
 * Consent-based collection. Every function first finds the consent in force and asks the consent
 * policy; with no current consent granting the category, nothing is stored (P4.2, P3.4). Each
 * stored row references the consent record that allowed it.
 */
export type ConsentContext = { consent: (ConsentFacts & { subjectKey: string }) | null; mustCover: number };

/**
 * policy: P4.2, P1.2 — the record rows are collected under: the LATEST record of the chain the
 * request's consent belongs to, never the record a cookie or a tab happens to name (a later
 * choice or a DPO withdrawal stops every browser of the chain at once; an erased chain has none).
 * For a response, its respondent must hold that chain alone (see subjects.ts) — which also links
 * consent given after the survey started to the respondent.
 */
async function consentToCollectUnder(db: Db, ctx: ConsentContext, responseId: string | null): Promise<ConsentRecordDTO | null> {
  if (!ctx.consent) return null;
  const latest = await latestConsentOf(db, ctx.consent.subjectKey);
  if (!latest) return null;
  if (responseId && !(await respondentHoldsConsent(db, responseId, latest.subjectKey))) return null;
  return latest;
}

/** Whether the response has its (one) row of this kind already: one prepared statement (src/server/sql.ts). */
async function collectedAlready(db: Db, table: 'UsageMetadata' | 'FraudSignal', responseId: string): Promise<boolean> {
  const sql = await sqlFor(db);
  return (await sql.all(`SELECT 1 AS "found" FROM "${table}" WHERE "responseId" = ? LIMIT 1`, [responseId])).length > 0;
}

export type ReverseLookup = (ip: string) => Promise<string | null>;

/** Reverse DNS ("domain server", P9.2), bounded so a slow resolver never delays a respondent. */
export const reverseDns: ReverseLookup = async (ip) => {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 500).unref());
  const lookup = dns.reverse(ip).then((names) => names[0] ?? null, () => null);
  return Promise.race([lookup, timeout]);
};

/** policy: P9.2, P3.4 — usage metadata, once per response, only under a consent granting `usage`. */
export async function collectUsage(
  db: Db,
  ctx: ConsentContext,
  input: { responseId: string | null; facts: RequestFacts; hints: ClientHints; lookup?: ReverseLookup },
) {
  // Once per response: a response that has its row already needs no consent check, no reverse
  // lookup and no insert (the unique index decides between two at once).
  if (input.responseId && (await collectedAlready(db, 'UsageMetadata', input.responseId))) return null;
  const consent = await consentToCollectUnder(db, ctx, input.responseId);
  if (!consent || !consentGrants(consent, 'usage', ctx.mustCover)) return null;
  const fields = usageFieldsFrom(input.facts);
  const host = fields.ipAddress ? await (input.lookup ?? reverseDns)(fields.ipAddress) : null;
  const row = await onePerResponse(db.usageMetadata.create({
    data: {
      consentRecordId: consent.id,
      subjectKey: consent.subjectKey,
      responseId: input.responseId,
      ...fields,
      host,
      timeZone: input.hints.hint_timeZone ?? null,
      network: input.hints.hint_network ?? null,
      batteryLevel: input.hints.hint_battery ?? null,
    },
  }));
  if (!row) return null;
  // The reverse lookup may take half a second: a withdrawal recorded meanwhile has already erased
  // this chain's usage rows, so one written after it must not stay (P4.2).
  const latest = await latestConsentOf(db, consent.subjectKey);
  if (!latest || !consentGrants(latest, 'usage', ctx.mustCover)) {
    await db.usageMetadata.deleteMany({ where: { id: row.id } });
    return null;
  }
  return row;
}

/**
 * A response has at most one usage row and one fraud row (unique index on `responseId`): of two
 * submissions collected at once, the second insert fails on the index and stores nothing.
 */
async function onePerResponse<T>(insert: Promise<T>): Promise<T | null> {
  try {
    return await insert;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return null;
    throw error;
  }
}

/** policy: P4.2 — device traits for fraud detection, only under a consent granting `fraud`. */
export async function collectFraudSignal(
  db: Db,
  ctx: ConsentContext,
  input: { responseId: string | null; hints: ClientHints; userAgent: string | null },
) {
  // Without the browser's traits (no JavaScript) there is nothing to store: no query at all.
  const traits = parseFraudTraits(input.hints.fraud_traits);
  if (!traits) return null;
  if (input.responseId && (await collectedAlready(db, 'FraudSignal', input.responseId))) return null;
  const consent = await consentToCollectUnder(db, ctx, input.responseId);
  if (!consent || !consentGrants(consent, 'fraud', ctx.mustCover)) return null;
  const fingerprint = createHash('sha256').update(JSON.stringify({ ...traits, ua: input.userAgent ?? '' })).digest('hex');
  return onePerResponse(
    db.fraudSignal.create({
      data: { consentRecordId: consent.id, subjectKey: consent.subjectKey, responseId: input.responseId, fingerprint, traits },
    }),
  );
}

/**
 * policy: P3.4, P4.2, P7.2 — what a sent section collects for its response: usage and fraud rows,
 * once per response, only under the chain's current consent granting them (each collector checks
 * the chain's latest record). When this request's consent grants neither, no collector runs — but
 * the chain still joins the respondent, as a collector would have made it ("at the latest when a
 * section is sent", consent/subjects.ts).
 */
export async function collectForSection(
  db: Db,
  ctx: ConsentContext,
  input: { responseId: string; facts: RequestFacts; hints: ClientHints; lookup?: ReverseLookup },
) {
  const grants = effectiveGrants(ctx.consent, ctx.mustCover);
  if (!grants.usage && !grants.fraud) {
    if (ctx.consent) await joinConsentChain(db, input.responseId, ctx.consent.subjectKey);
    return;
  }
  await collectUsage(db, ctx, input);
  await collectFraudSignal(db, ctx, { responseId: input.responseId, hints: input.hints, userAgent: input.facts.userAgent });
}

/**
 * policy: P2.5 — precise location needs `location` consent AND the browser's permission: the
 * coordinates only exist once the browser's permission prompt was answered yes.
 */
export async function recordLocation(
  db: Db,
  ctx: ConsentContext,
  input: { responseId: string | null; latitude: number; longitude: number; accuracyMeters: number | null },
) {
  const consent = await consentToCollectUnder(db, ctx, input.responseId);
  if (!consent || !consentGrants(consent, 'location', ctx.mustCover)) return null;
  return db.locationFix.create({
    data: { consentRecordId: consent.id, subjectKey: consent.subjectKey, ...input },
  });
}

/** policy: P5.3 — session analytics (clicks, scroll depth, time on page), only under `sessionAnalytics` consent. */
export async function recordSessionEvent(
  db: Db,
  ctx: ConsentContext,
  input: { path: string; clicks: number; maxScrollPercent: number; durationMs: number },
) {
  const consent = await consentToCollectUnder(db, ctx, null);
  if (!consent || !consentGrants(consent, 'sessionAnalytics', ctx.mustCover)) return null;
  return db.sessionEvent.create({ data: { consentRecordId: consent.id, subjectKey: consent.subjectKey, ...input } });
}
