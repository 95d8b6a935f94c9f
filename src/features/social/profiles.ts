import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { socialGranted } from '@/features/consent/policy';
import { consentPolicyStateNow } from '@/features/consent/policy-versions';
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
  let previousConsentId: string | undefined;
  if (draft.chain) {
    previousConsentId = (await latestConsentOf(db, draft.chain))?.id;
    if (!previousConsentId) return null; // their chain was erased: a new one would not be theirs
  } else {
    const browser = await consentInForce(db, browserConsentId);
    const heldByOther = browser ? (await db.respondent.count({ where: { consentSubjectKey: browser.subjectKey } })) > 0 : false;
    previousConsentId = browser && !heldByOther ? browser.id : undefined;
  }
  const record = await recordConsent(db, { previousConsentId, social: true, method: 'social_sign_in', locale, now });
  if (!draft.chain && !(await respondentHoldsConsent(db, draft.responseId, record.subjectKey))) return null;
  return record;
}

type Outcome = 'stored' | 'draft_gone' | 'no_consent';

/** Whether the chain's choice in force lets a social profile be kept now. */
async function socialAllowed(db: Db, chain: string, now: Date) {
  const [latest, policy] = await Promise.all([latestConsentOf(db, chain), consentPolicyStateNow(db, now)]);
  return latest && socialGranted(latest, policy.mustCover) ? latest : null;
}

/**
 * policy: P3.5, P4.3 — stores what the provider vouched for: only while the draft is open and its
 * respondent's chain grants `social`, citing the record in force; one profile per respondent and
 * issuer (a second sign-in refreshes it). Audited with counts, never the values.
 */
export async function storeSocialProfile(
  db: Db,
  input: { responseId: string; provider: string; issuer: string; profile: SocialProfileData; now?: Date },
): Promise<Outcome> {
  const now = input.now ?? new Date();
  const response = await db.response.findUnique({ where: { id: input.responseId }, select: { status: true, respondentId: true, respondent: { select: { consentSubjectKey: true } } } });
  if (!response || response.status !== 'in_progress') return 'draft_gone';
  const chain = response.respondent.consentSubjectKey;
  const consent = chain ? await socialAllowed(db, chain, now) : null;
  if (!chain || !consent) return 'no_consent';
  const data = { consentRecordId: consent.id, subjectKey: chain, provider: input.provider, ...input.profile, collectedAt: now };
  const stored = await db.$transaction(async (tx) => {
    const row = await tx.socialProfile.upsert({
      where: { respondentId_issuer: { respondentId: response.respondentId, issuer: input.issuer } },
      create: { ...data, respondentId: response.respondentId, issuer: input.issuer },
      update: data,
      select: { id: true },
    });
    await auditEvent(tx, { actor: 'respondent', action: 'social.profile_stored', target: `respondent:${response.respondentId}`, counts: { socialProfiles: 1 }, at: now });
    return row;
  });
  // A withdrawal recorded while the provider answered has already erased the chain's profiles:
  // one written after it must not stay (as for usage rows, consent/collect.ts).
  if (!(await socialAllowed(db, chain, now))) {
    await db.socialProfile.deleteMany({ where: { id: stored.id } });
    return 'no_consent';
  }
  return 'stored';
}

export type SignedInProfile = { provider: string; name: string | null; email: string | null };

/**
 * The profile a draft's page may use: the draft respondent's, in the chain the request's consent
 * names — and only while that consent is current and grants `social`. Reads nothing otherwise.
 */
export async function signedInProfile(db: Db, responseId: string, consent: (ConsentRecordDTO & { social: boolean }) | null, mustCover: number): Promise<SignedInProfile | null> {
  if (!consent || !socialGranted(consent, mustCover)) return null;
  return db.socialProfile.findFirst({
    where: { subjectKey: consent.subjectKey, respondent: { responses: { some: { id: responseId } } } },
    orderBy: { collectedAt: 'desc' },
    select: { provider: true, name: true, email: true },
  });
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
