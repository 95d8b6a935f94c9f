import { databaseProvider, type Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { lockConsentChain } from '@/server/chain-lock';
import { NOTHING_GRANTED } from '@/features/consent/categories';
import { socialGranted } from '@/features/consent/policy';
import { getConsentPolicyState } from '@/features/consent/policy-versions';
import { consentInForce, latestConsentOf, recordConsent, type ConsentRecordDTO } from '@/features/consent/records';
import { respondentHoldsConsent } from '@/features/consent/subjects';
import { hashResumeToken, looksLikeResumeToken } from '@/features/survey/resume-token';
import type { SocialProfileData } from './profile';

/**
 * policy: P3.5, P4.3, P7.2 — a respondent's social sign-in, in the database. The profile belongs to
 * the respondent of the draft the sign-in was started from, and to the consent chain that
 * respondent holds (README: "One browser, several people"); it is stored only while that chain's
 * choice in force grants `social` under the current policy version (P1.2), and read only then.
 */

export type SignInDraft = { responseId: string; respondentId: string; chain: string | null };

/** The draft a resume token opens on this survey (in progress), with whose it is. */
export async function draftForSignIn(db: Db, slug: string, token: string | undefined): Promise<SignInDraft | null> {
  if (!looksLikeResumeToken(token)) return null;
  const draft = await db.response.findFirst({
    where: { resumeTokenHash: hashResumeToken(token), status: 'in_progress', survey: { slug } },
    select: { id: true, respondentId: true, respondent: { select: { consentSubjectKey: true } } },
  });
  return draft && { responseId: draft.id, respondentId: draft.respondentId, chain: draft.respondent.consentSubjectKey };
}

/**
 * policy: P4.3 — the consent of a sign-in: a new record granting `social` in the respondent's own
 * chain (their cookie choices unchanged). A respondent holding no chain takes the browser's when
 * nobody holds it, else a new one; a chain another respondent holds is never written to. Null when
 * the chain could not become theirs (two starts at one instant).
 */
export async function grantSocialConsent(db: Db, draft: SignInDraft, browserConsentId: string | undefined, locale: string, now = new Date()): Promise<ConsentRecordDTO | null> {
  let chain = draft.chain;
  if (!chain) {
    // Claimed before anything is written to it (never append first and claim after: another
    // respondent of this browser could take the chain in between and find our record in it).
    const browser = await consentInForce(db, browserConsentId);
    if (browser && (await respondentHoldsConsent(db, draft.responseId, browser.subjectKey))) chain = browser.subjectKey;
  }
  const previousConsentId = chain ? (await latestConsentOf(db, chain))?.id : undefined;
  if (chain && !previousConsentId) return null; // their chain was erased meanwhile
  const record = await recordConsent(db, { previousConsentId, social: true, method: 'social_sign_in', locale, now });
  // A new chain (the browser had none the respondent could take) is theirs from the start.
  if (!chain && !(await respondentHoldsConsent(db, draft.responseId, record.subjectKey))) return null;
  return record;
}

type Outcome = 'stored' | 'draft_gone' | 'no_consent';

/**
 * policy: P3.5, P4.3 — stores what the provider vouched for: only while the draft is open and its
 * respondent alone holds a chain whose choice in force grants `social` under the current policy
 * version, citing that record; one profile per respondent and issuer (a second sign-in refreshes
 * it). The check and the write are one transaction under the chain's lock, which a consent choice
 * takes too (records.ts): a withdrawal lands wholly before (nothing stored) or after (erased).
 * Audited with counts, never the values.
 */
export async function storeSocialProfile(
  db: Db,
  input: { responseId: string; provider: string; issuer: string; profile: SocialProfileData; now?: Date },
): Promise<Outcome> {
  const now = input.now ?? new Date();
  const provider = databaseProvider(db);
  return db.$transaction(async (tx): Promise<Outcome> => {
    const response = await tx.response.findUnique({ where: { id: input.responseId }, select: { status: true, respondentId: true, respondent: { select: { consentSubjectKey: true } } } });
    if (!response || response.status !== 'in_progress') return 'draft_gone';
    const chain = response.respondent.consentSubjectKey;
    if (!chain) return 'no_consent';
    await lockConsentChain(tx, provider, chain);
    // One after the other: a transaction's statements share one connection.
    const latest = await tx.consentRecord.findFirst({ where: { subjectKey: chain }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, social: true, policyVersion: { select: { version: true } } } });
    const policy = await getConsentPolicyState(tx, now);
    const holders = await tx.respondent.count({ where: { consentSubjectKey: chain } });
    if (!latest || holders !== 1 || !socialGranted({ ...latest, ...NOTHING_GRANTED }, policy.mustCover)) return 'no_consent';
    const data = { consentRecordId: latest.id, subjectKey: chain, provider: input.provider, ...input.profile, collectedAt: now };
    await tx.socialProfile.upsert({
      where: { respondentId_issuer: { respondentId: response.respondentId, issuer: input.issuer } },
      create: { ...data, respondentId: response.respondentId, issuer: input.issuer },
      update: data,
      select: { id: true },
    });
    await auditEvent(tx, { actor: 'respondent', action: 'social.profile_stored', target: `respondent:${response.respondentId}`, counts: { socialProfiles: 1 }, at: now });
    return 'stored';
  });
}

/**
 * policy: P4.3 — a sign-in that came back cancelled or failed leaves no consent behind that nothing
 * uses: when the respondent's chain grants `social` but holds no profile of theirs, `social` is
 * withdrawn again (a profile from an earlier sign-in keeps its consent).
 */
export async function dropUnusedSocialConsent(db: Db, responseId: string, locale: string, now = new Date()) {
  const response = await db.response.findUnique({ where: { id: responseId }, select: { respondentId: true, respondent: { select: { consentSubjectKey: true } } } });
  const chain = response?.respondent.consentSubjectKey;
  if (!response || !chain) return;
  const latest = await latestConsentOf(db, chain);
  if (!latest?.social) return;
  if (await db.socialProfile.count({ where: { subjectKey: chain, respondentId: response.respondentId } })) return;
  await recordConsent(db, { previousConsentId: latest.id, social: false, method: 'social_withdrawal', locale, now });
}

export type SignedInProfile = { provider: string; name: string | null; email: string | null; prefill: boolean };

/**
 * The profile a draft's page may use: the draft respondent's, in the chain the request's consent
 * names — and only while that consent is current and grants `social`. Reads nothing otherwise.
 * `prefill`: the email is offered only until the respondent sends a section after signing in —
 * an address they cleared and sent stays cleared when they come back to it.
 */
export async function signedInProfile(db: Db, responseId: string, consent: (ConsentRecordDTO & { social: boolean }) | null, mustCover: number): Promise<SignedInProfile | null> {
  if (!consent || !socialGranted(consent, mustCover)) return null;
  const found = await db.socialProfile.findFirst({
    where: { subjectKey: consent.subjectKey, respondent: { responses: { some: { id: responseId } } } },
    orderBy: { collectedAt: 'desc' },
    select: { provider: true, name: true, email: true, collectedAt: true, respondent: { select: { responses: { where: { id: responseId }, select: { lastActivityAt: true } } } } },
  });
  if (!found) return null;
  const lastSent = found.respondent.responses[0]?.lastActivityAt;
  return { provider: found.provider, name: found.name, email: found.email, prefill: !lastSent || lastSent <= found.collectedAt };
}

/**
 * policy: P4.3 — withdrawal: a new record in the chain without `social`; the chain's profiles are
 * erased in the same transaction and audited (recordConsent). The cookie choices stay as they are.
 */
export async function withdrawSocialConsent(db: Db, browserConsentId: string | undefined, locale: string, now = new Date()): Promise<ConsentRecordDTO | null> {
  const current = await consentInForce(db, browserConsentId);
  if (!current?.social) return current; // nothing granted, nothing to withdraw: no new record
  return recordConsent(db, { previousConsentId: current.id, social: false, method: 'social_withdrawal', locale, now });
}
