import { randomBytes } from 'node:crypto';
import { databaseProvider, type Db } from '@/server/create-db';
import type { ConsentMethod } from '@/generated/sqlite';
import { auditEvent } from '@/server/audit';
import type { ConsentChoice, ConsentPurpose } from './categories';
import { deleteConsentBased } from '@/features/deletion/engine';
import { consentIsCurrent, effectiveGrants, withdrawnCategories, type ConsentFacts } from './policy';
import { consentPolicyStateNow, getConsentPolicyState } from './policy-versions';
import { fromBooleanColumn, fromDateColumn, fromIntColumn, sqlFor } from '@/server/sql';
import { lockConsentChain } from '@/server/chain-lock';

/** Consent records: append-only (P4.2). A new choice is a new row; nothing is ever updated. */

const consentSelect = {
  id: true,
  subjectKey: true,
  usage: true,
  fraud: true,
  sessionAnalytics: true,
  location: true,
  social: true,
  cookieChoiceMade: true,
  method: true,
  locale: true,
  createdAt: true,
  policyVersion: { select: { version: true } },
} as const;

export type ConsentRecordDTO = ConsentFacts & { social: boolean; cookieChoiceMade: boolean; subjectKey: string; method: ConsentMethod; locale: string; createdAt: Date };

/** One consent record as it was given (a proof), whether or not a later choice replaced it. */
export async function findConsent(db: Db, consentId: string | undefined): Promise<ConsentRecordDTO | null> {
  if (!consentId) return null;
  return db.consentRecord.findUnique({ where: { id: consentId }, select: consentSelect });
}

/**
 * policy: P4.2, P1.2 — the choice in force for one consent subject (browser chain): its latest
 * record, whichever of its records a cookie or a tab still names. A later choice — the person's
 * own or a withdrawal by the DPO on their behalf — supersedes every earlier one at once; an
 * erased chain has no record and so grants nothing.
 */
export async function latestConsentOf(db: Db, subjectKey: string): Promise<ConsentRecordDTO | null> {
  return db.consentRecord.findFirst({ where: { subjectKey }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: consentSelect });
}

/**
 * The choice in force for the chain a consent id belongs to (null: unknown or erased): the
 * latest record of the chain the id names, in one statement (every page and action reads it:
 * plain SQL, src/server/sql.ts — so never from inside a Prisma transaction).
 */
export async function consentInForce(db: Db, consentId: string | undefined): Promise<ConsentRecordDTO | null> {
  if (!consentId) return null;
  const sql = await sqlFor(db);
  const [row] = await sql.all<Record<string, unknown>>(
    `SELECT l."id", l."subjectKey", l."usage", l."fraud", l."sessionAnalytics", l."location", l."social", l."cookieChoiceMade", l."method", l."locale", l."createdAt", v."version"
       FROM "ConsentRecord" c
       JOIN "ConsentRecord" l ON l."subjectKey" = c."subjectKey"
       JOIN "PolicyVersion" v ON v."id" = l."policyVersionId"
      WHERE c."id" = ?
      ORDER BY l."createdAt" DESC, l."id" DESC
      LIMIT 1`,
    [consentId],
  );
  if (!row) return null;
  return {
    id: String(row.id),
    subjectKey: String(row.subjectKey),
    usage: fromBooleanColumn(row.usage),
    fraud: fromBooleanColumn(row.fraud),
    sessionAnalytics: fromBooleanColumn(row.sessionAnalytics),
    location: fromBooleanColumn(row.location),
    social: fromBooleanColumn(row.social),
    cookieChoiceMade: fromBooleanColumn(row.cookieChoiceMade),
    method: row.method as ConsentMethod,
    locale: String(row.locale),
    createdAt: fromDateColumn(row.createdAt),
    policyVersion: { version: fromIntColumn(row.version) },
  };
}

/**
 * The subject's consent as it stands now, and whether it is still current (P1.2). The cookie's
 * consent id only says which chain: the chain's latest record decides (an older id, kept in
 * another tab or replayed, cannot revive a choice that was changed or withdrawn).
 */
export async function currentConsentState(db: Db, consentId: string | undefined, now = new Date()) {
  const [consent, policy] = await Promise.all([consentInForce(db, consentId), consentPolicyStateNow(db, now)]);
  return { consent, mustCover: policy.mustCover, inForce: policy.inForce, current: consentIsCurrent(consent, policy.mustCover) };
}

function newSubjectKey() {
  return `s_${randomBytes(16).toString('base64url')}`;
}

export type RecordConsentInput = {
  previousConsentId?: string;
  /** The cookie categories; omitted by a social sign-in or withdrawal, which keeps the chain's (none on a new chain). */
  choice?: ConsentChoice;
  /** policy: P4.3 — granted only by a social sign-in; omitted, the chain's choice carries over. */
  social?: boolean;
  method: ConsentMethod;
  locale: string;
  now?: Date;
};

/**
 * policy: P4.2, P1.2 — records a choice under the policy version in force, keeping the subject
 * key of the browser's earlier choice. Categories switched off are withdrawn at once: the
 * subject's data in them is erased, and an audit event records how many rows (not which).
 */
export async function recordConsent(db: Db, input: RecordConsentInput) {
  const now = input.now ?? new Date();
  // The chain's latest choice, not the (possibly older) record the cookie names: that is what
  // the new choice changes, and what "switched off" is measured against.
  const [previous, policy] = await Promise.all([consentInForce(db, input.previousConsentId), getConsentPolicyState(db, now)]);
  if (!policy.inForce) throw new Error('no policy version is in force; run the seed first');
  const subjectKey = previous?.subjectKey ?? newSubjectKey();
  // What a choice leaves unsaid carries over only from a choice still valid (P1.2): after a
  // material policy version, a sign-in or a social withdrawal grants no cookie category and a
  // cookie choice no `social` — each is asked afresh.
  const carried = previous && consentIsCurrent(previous, policy.mustCover) ? previous : null;
  const choice = input.choice ?? effectiveGrants(carried, policy.mustCover);
  const social = input.social ?? carried?.social ?? false;
  // The banner keeps asking until a cookie choice is made in the chain (a sign-in is not one).
  const cookieChoiceMade = input.choice !== undefined || (carried?.cookieChoiceMade ?? false);
  const provider = databaseProvider(db);

  // The new record, the erasure of what it no longer allows and the audit of it: one transaction
  // (DESIGN.md convention 18), so a failure half-way never leaves a choice recorded but not honoured.
  return db.$transaction(async (tx) => {
    // Against a social profile being stored meanwhile (social/profiles.ts takes the same lock).
    await lockConsentChain(tx, provider, subjectKey);
    const record = await tx.consentRecord.create({
      data: { subjectKey, policyVersionId: policy.inForce!.id, ...choice, social, cookieChoiceMade, method: input.method, locale: input.locale, createdAt: now },
      select: consentSelect,
    });
    if (!previous) return record;
    // A cookie choice withdraws the cookie categories it leaves off; `social` is withdrawn by any
    // record that no longer grants it (a sign-in's profile lives only under it).
    const withdrawn: ConsentPurpose[] = [...(input.choice ? withdrawnCategories(choice) : []), ...(previous.social && !social ? ['social' as const] : [])];
    const erased = await deleteConsentBased(tx, [subjectKey], withdrawn);
    const switchedOff = withdrawn.filter((c) => previous[c]);
    const total = Object.values(erased).reduce((a, b) => a + b, 0);
    if (switchedOff.length > 0 || total > 0) {
      await auditEvent(tx, { actor: 'respondent', action: 'consent.withdrawn', target: `consent:${record.id}`, counts: { ...erased, categoriesSwitchedOff: switchedOff.length }, at: now });
    }
    return record;
  });
}
