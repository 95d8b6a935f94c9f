import type { Db } from '@/server/create-db';
import { sqlFor } from '@/server/sql';
import { hashResumeToken, looksLikeResumeToken } from '@/features/survey/resume-token';

/**
 * policy: P4.2, P7.2 — whose a browser's consent is. A consent subject key names one chain of
 * consent records (the choices made in one browser); `Respondent.consentSubjectKey` says which
 * respondent the chain belongs to. The rules (README: "One browser, several people"):
 *
 * - A chain belongs to at most one respondent. The first respondent to start (or to answer a
 *   section) under it takes it, with what it holds so far; a respondent who starts in a browser
 *   whose chain another respondent holds does not get it — the browser forgets its choice and the
 *   banner asks the new person (so the strictly necessary consent cookie never ties two people).
 * - Consent given after the survey started joins the respondent: when it is recorded while the
 *   browser holds their draft, or at the latest when a section is sent under it.
 * - Consent-based rows of a response are collected only under a chain that response's respondent
 *   holds alone; a chain two respondents hold (data from before this rule, or two starts at one
 *   instant) allows no collection for any response.
 */

async function holders(db: Db, subjectKey: string, take = 2) {
  return db.respondent.findMany({ where: { consentSubjectKey: subjectKey }, select: { id: true }, take });
}

/** The chain a respondent starting now gets: the browser's, unless another respondent holds it. */
export async function consentKeyForNewRespondent(db: Db, subjectKey: string | null | undefined): Promise<string | null> {
  if (!subjectKey) return null;
  return (await holders(db, subjectKey, 1)).length === 0 ? subjectKey : null;
}

/**
 * May rows of this response be collected under this chain? Only when its respondent holds the
 * chain alone. A respondent holding no chain takes this one if nobody holds it yet (consent given
 * after the survey started): from then on the chain's records and rows are theirs.
 */
export async function respondentHoldsConsent(db: Db, responseId: string, subjectKey: string): Promise<boolean> {
  const response = await db.response.findUnique({ where: { id: responseId }, select: { respondentId: true, respondent: { select: { consentSubjectKey: true } } } });
  if (!response) return false;
  const held = response.respondent.consentSubjectKey;
  if (held !== null && held !== subjectKey) return false;
  if (held === null) {
    if ((await holders(db, subjectKey, 1)).length > 0) return false;
    await db.respondent.updateMany({ where: { id: response.respondentId, consentSubjectKey: null }, data: { consentSubjectKey: subjectKey } });
  }
  // Checked after linking: two respondents taking one chain at the same instant both lose it.
  const now = await holders(db, subjectKey);
  return now.length === 1 && now[0]!.id === response.respondentId;
}

export type BrowserDraft = { slug: string; token: string };

/**
 * A choice recorded while the browser holds drafts (resume cookies): the chain joins the
 * respondent of the draft it was made on (the survey of `onSlug`), else of the draft touched
 * last — one respondent only, and only if nobody holds the chain yet. Returns that respondent.
 */
export async function linkConsentToDrafts(db: Db, subjectKey: string, drafts: BrowserDraft[], onSlug?: string | null): Promise<string | null> {
  const tokens = drafts.filter((d) => looksLikeResumeToken(d.token)).map((d) => ({ slug: d.slug, hash: hashResumeToken(d.token) }));
  if (tokens.length === 0 || (await holders(db, subjectKey, 1)).length > 0) return null;
  const open = await db.response.findMany({
    where: { status: 'in_progress', resumeTokenHash: { in: tokens.map((t) => t.hash) }, respondent: { consentSubjectKey: null } },
    select: { id: true, respondentId: true, resumeTokenHash: true, lastActivityAt: true, survey: { select: { slug: true } } },
    orderBy: { lastActivityAt: 'desc' },
  });
  // A resume cookie opens only its own survey's draft.
  const mine = open.filter((r) => tokens.some((t) => t.hash === r.resumeTokenHash && t.slug === r.survey.slug));
  const draft = mine.find((r) => r.survey.slug === onSlug) ?? mine[0];
  if (!draft) return null;
  return (await respondentHoldsConsent(db, draft.id, subjectKey)) ? draft.respondentId : null;
}

/** The survey a consent form was sent from (its `returnTo`), if it was a survey page. */
export function surveySlugOfPath(path: string): string | null {
  return /^\/s\/([^/?#]+)/.exec(path)?.[1] ?? null;
}

/**
 * A section sent under a chain its respondent does not hold yet takes it (README: "at the latest
 * when a section is sent") — also when the chain grants nothing to collect. Usually the
 * respondent holds it already: one prepared statement says so and nothing else runs.
 */
export async function joinConsentChain(db: Db, responseId: string, subjectKey: string): Promise<void> {
  const sql = await sqlFor(db);
  const [row] = await sql.all<{ held: string | null }>(
    `SELECT p."consentSubjectKey" AS "held" FROM "Response" r JOIN "Respondent" p ON p."id" = r."respondentId" WHERE r."id" = ?`,
    [responseId],
  );
  if (row && row.held === null) await respondentHoldsConsent(db, responseId, subjectKey);
}
