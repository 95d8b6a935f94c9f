import type { Db } from '@/server/create-db';
import type { Locale } from '@/i18n/routing';
import { consentKeyForNewRespondent } from '@/features/consent/subjects';
import { lawfulBasisFor, mayStoreFromSurvey } from './policy';
import { createResumeToken, draftOpenedBy, hashResumeToken } from './resume-token';
import type { AnswerValue } from './schemas';

/** Writes of a respondent's draft: start, save a section, complete, discard, mark abandoned. */

/**
 * `consentSubjectKey` (the browser's consent chain) links the new respondent to the browser's
 * consent records (P4.2) — unless another respondent holds that chain already: then the new one
 * starts with none (`consentSubjectKey: null` in the result) and the caller makes the browser
 * forget its choice (P7.2, see consent/subjects.ts).
 */
export async function startDraft(db: Db, surveyId: string, locale: Locale, now = new Date(), browserConsentKey?: string | null) {
  const token = createResumeToken();
  const consentSubjectKey = await consentKeyForNewRespondent(db, browserConsentKey);
  const response = await db.response.create({
    data: {
      survey: { connect: { id: surveyId } },
      respondent: { create: { createdAt: now, consentSubjectKey } },
      locale,
      resumeTokenHash: hashResumeToken(token),
      startedAt: now,
      lastActivityAt: now,
    },
    select: { id: true },
  });
  return { token, responseId: response.id, consentSubjectKey };
}

type SavableQuestion = { id: string; key: string; category: Parameters<typeof lawfulBasisFor>[0] };

/**
 * Saves one section's answers and moves the draft to `nextSection`, in one batch transaction.
 * A cleared optional answer is deleted, not kept (policy: P2.1 — only what the respondent gives).
 * policy: P4.1 — each value is stored with its category and lawful basis.
 */
export async function saveSectionAnswers(
  db: Db,
  responseId: string,
  questions: SavableQuestion[],
  values: Record<string, AnswerValue | undefined>,
  nextSection: number,
  now = new Date(),
) {
  const writes = questions.map((q) => {
    if (!mayStoreFromSurvey(q.category)) {
      throw new Error(`question ${q.key} has category ${q.category}, which a survey may not collect (P2.1)`);
    }
    const value = values[q.key];
    const where = { responseId_questionId: { responseId, questionId: q.id } };
    if (value === undefined) return db.answer.deleteMany({ where: { responseId, questionId: q.id } });
    const stored = { value, category: q.category, lawfulBasis: lawfulBasisFor(q.category) };
    return db.answer.upsert({ where, create: { responseId, questionId: q.id, ...stored }, update: stored });
  });
  await db.$transaction([
    ...writes,
    db.response.update({
      where: { id: responseId, status: 'in_progress' },
      data: { currentSection: nextSection, lastActivityAt: now },
    }),
  ]);
}

/** Finishing: the draft becomes a response; the resume token stops working. */
export async function completeDraft(db: Db, responseId: string, now = new Date()) {
  await db.response.update({
    where: { id: responseId, status: 'in_progress' },
    data: { status: 'completed', completedAt: now, lastActivityAt: now, resumeTokenHash: null },
  });
}

/**
 * policy: P3.1, P7.1 — stop and discard: the draft, every answer in it and the respondent
 * record it created are deleted. Only the token's own in-progress draft can be discarded.
 */
export async function discardDraft(db: Db, surveyId: string, token: string | undefined): Promise<boolean> {
  const where = draftOpenedBy(surveyId, token);
  if (!where) return false;
  const draft = await db.response.findFirst({
    where,
    select: { id: true, respondentId: true },
  });
  if (!draft) return false;
  await db.$transaction([
    db.answer.deleteMany({ where: { responseId: draft.id } }),
    db.response.delete({ where: { id: draft.id } }),
    // The respondent row exists only for this draft unless they have other responses.
    db.respondent.deleteMany({ where: { id: draft.respondentId, responses: { none: {} } } }),
  ]);
  return true;
}

/**
 * policy: P3.1 — drafts nobody touched for `idleMs` are marked abandoned (no longer resumable)
 * so that the retention job can remove them after the partial-response retention period.
 */
export async function markAbandonedDrafts(db: Db, idleMs: number, now = new Date()): Promise<number> {
  const { count } = await db.response.updateMany({
    where: { status: 'in_progress', lastActivityAt: { lt: new Date(now.getTime() - idleMs) } },
    data: { status: 'abandoned', abandonedAt: now, resumeTokenHash: null },
  });
  return count;
}
