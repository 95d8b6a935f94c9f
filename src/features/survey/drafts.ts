import type { Db } from '@/server/create-db';
import type { Locale } from '@/i18n/routing';
import { earnReward, sendEarnedVoucher } from '@/features/rewards/rewards';
import { errorFields, log } from '@/server/log';
import { deleteScope, EMPTY_SCOPE, withAudit } from '@/features/deletion/engine';
import { consentKeyForNewRespondent } from '@/features/consent/subjects';
import { lawfulBasisFor, mayStoreFromSurvey } from './policy';
import { applyPublicationChoices } from './publication';
import { COMPLETED_TOKEN_KEPT_MS, createResumeToken, draftOpenedBy, hashResumeToken, resumeTokenFor } from './resume-token';
import type { AnswerValue } from './schemas';
import type { DisplayOrder } from './display-order';
import type { Answers } from './logic';
import type { EarlyEnding } from './fieldwork';
import type { Full, QuotaFiller } from './quotas';
import { sqlFor } from '@/server/sql';
import { newId } from '@/lib/ids';

/** Writes of a respondent's draft: start, save a section, complete, discard, mark abandoned. */

/** How long a repeated post of one start form (a double click, a reload of the POST) joins the first. */
export const START_REPEAT_SECONDS = 120;

/** Thrown when a start form is posted again after its short window: the page offers a fresh one. */
export class StaleStartError extends Error {
  constructor() {
    super('this start form was used already; it opens nothing now');
  }
}

/**
 * `consentSubjectKey` (the browser's consent chain) links the new respondent to the browser's
 * consent records (P4.2) — unless another respondent holds that chain already: then the new one
 * starts with none (`consentSubjectKey: null` in the result) and the caller makes the browser
 * forget its choice (P7.2, see consent/subjects.ts).
 *
 * `start` (the key of the start form and the app secret) makes a double click one start: the
 * resume token comes from the key, so a second post of the same form collides on the unique
 * token hash instead of creating a second draft, and gets the first draft's token (the cookie
 * both answers set is the same). Only within START_REPEAT_SECONDS: a replayed form later opens
 * nothing. Without `start` the token is random (tests, scripts).
 */
export async function startDraft(
  db: Db,
  surveyId: string,
  locale: Locale,
  now = new Date(),
  browserConsentKey?: string | null,
  start?: { key: string; secret: string },
  /**
   * What the survey link carried, already checked against the survey (link-values.ts): policy:
   * P4.4 — the Client's customer id; P2.1, P4.1 — the declared hidden fields, stored as answers
   * with their category and lawful basis.
   */
  /**
   * `panelKey`: one response per panel id or invitation (panel-id.ts); `panelMayMove`: whether a
   * draft in progress under it may continue in this browser — only for an invitation's link, whose
   * token nobody can guess; a panel id may be guessed, so its draft stays where it is.
   */
  link: { customerId?: string | null; hiddenFields?: { question: SavableQuestion; value: string }[]; displayOrder?: DisplayOrder | null; panelKey?: string | null; panelMayMove?: boolean } = {},
) {
  const token = start ? resumeTokenFor(start.key, start.secret) : createResumeToken();
  const panelKey = link.panelKey ?? null;
  // One response per panel respondent (panel-id.ts): theirs already, in progress or finished.
  const mayMove = link.panelMayMove ?? false;
  const theirs = panelKey ? await panelResponse(db, surveyId, panelKey, token, mayMove) : null;
  if (theirs) return theirs;
  const consentSubjectKey = await consentKeyForNewRespondent(db, browserConsentKey);
  try {
    const response = await db.response.create({
      data: {
        survey: { connect: { id: surveyId } },
        respondent: { create: { createdAt: now, consentSubjectKey } },
        locale,
        resumeTokenHash: hashResumeToken(token),
        customerId: link.customerId ?? null,
        panelKey,
        // The order this respondent will see (randomization, display-order.ts), the same on every page.
        displayOrder: link.displayOrder ?? undefined,
        startedAt: now,
        lastActivityAt: now,
        answers: {
          create: (link.hiddenFields ?? []).map(({ question, value }) => {
            assertSurveyMayStore(question);
            return { questionId: question.id, category: question.category, lawfulBasis: lawfulBasisFor(question.category), value, createdAt: now, updatedAt: now };
          }),
        },
      },
      select: { id: true },
    });
    return { token, responseId: response.id, consentSubjectKey, repeated: false };
  } catch (error) {
    if ((error as { code?: string })?.code !== 'P2002') throw error;
    // The same panel id started at the same moment in another browser: that one's response.
    const other = panelKey ? await panelResponse(db, surveyId, panelKey, token, mayMove) : null;
    if (other) return other;
    if (!start) throw error;
    // The same start form, posted twice: the first post's draft, if it is that recent and still a draft.
    const first = await db.response.findFirst({
      where: { ...draftOpenedBy(surveyId, token)!, startedAt: { gte: new Date(now.getTime() - START_REPEAT_SECONDS * 1000) } },
      select: { id: true, respondent: { select: { consentSubjectKey: true } } },
    });
    if (!first) throw new StaleStartError();
    return { token, responseId: first.id, consentSubjectKey: first.respondent.consentSubjectKey, repeated: true };
  }
}

/** A panel id that has finished its response already: the start leads back to that ending. */
export class PanelIdFinishedError extends Error {
  constructor(
    readonly responseId: string,
    readonly status: 'completed' | 'screened_out' | 'quota_full',
  ) {
    super('this panel id has finished the survey');
  }
}

/** A panel id whose response is in progress in another browser: it is not handed to this one. */
export class PanelIdInUseError extends Error {
  constructor() {
    super('this panel id has a response in progress elsewhere');
  }
}

/**
 * The response a panel id or invitation already has on this survey. In progress: this start's own
 * (a double click), or — `mayMove`, an invitation's link — it continues in this browser (its resume
 * token becomes this start's; the other browser starts again, which comes back here); otherwise
 * {@link PanelIdInUseError}: a guessed panel id must not open someone else's answers. Finished:
 * {@link PanelIdFinishedError}. Null when there is none (an abandoned draft gives its key up).
 */
async function panelResponse(db: Db, surveyId: string, panelKey: string, token: string, mayMove: boolean): Promise<{ token: string; responseId: string; consentSubjectKey: string | null; repeated: true } | null> {
  const existing = await db.response.findFirst({
    where: { surveyId, panelKey },
    select: { id: true, status: true, resumeTokenHash: true, respondent: { select: { consentSubjectKey: true } } },
  });
  if (!existing || existing.status === 'abandoned') return null;
  if (existing.status !== 'in_progress') throw new PanelIdFinishedError(existing.id, existing.status);
  if (existing.resumeTokenHash !== hashResumeToken(token)) {
    if (!mayMove) throw new PanelIdInUseError();
    const { count } = await db.response.updateMany({ where: { id: existing.id, status: 'in_progress' }, data: { resumeTokenHash: hashResumeToken(token) } });
    // Finished or abandoned in between: judged again.
    if (count === 0) return panelResponse(db, surveyId, panelKey, token, mayMove);
  }
  return { token, responseId: existing.id, consentSubjectKey: existing.respondent.consentSubjectKey, repeated: true };
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
  for (const q of questions) assertSurveyMayStore(q);
  // The hot path (issue 11): prepared statements in one transaction, no Prisma (src/server/sql.ts).
  const sql = await sqlFor(db);
  await sql.transaction(async (tx) => {
    // The draft first: a draft completed or discarded meanwhile is "closed", not a foreign-key error.
    const moved = await tx.run(`UPDATE "Response" SET "currentSection" = ?, "lastActivityAt" = ? WHERE "id" = ? AND "status" = 'in_progress'`, [nextSection, now, responseId]);
    if (moved !== 1) throw new DraftClosedError();
    for (const q of questions) {
      const value = values[q.key];
      if (value === undefined) await tx.run(`DELETE FROM "Answer" WHERE "responseId" = ? AND "questionId" = ?`, [responseId, q.id]);
      else
        await tx.run(
          `INSERT INTO "Answer" ("id", "responseId", "questionId", "category", "lawfulBasis", "value", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT ("responseId", "questionId") DO UPDATE SET "value" = excluded."value", "category" = excluded."category", "lawfulBasis" = excluded."lawfulBasis", "updatedAt" = excluded."updatedAt"`,
          [newId(), responseId, q.id, q.category, lawfulBasisFor(q.category), { json: value }, now, now],
        );
    }
  });
}

/** The draft was completed, discarded or abandoned meanwhile: nothing of the section was written. */
export class DraftClosedError extends Error {
  constructor() {
    super('the draft is no longer in progress');
  }
}

/** Whether a write failed because its draft is no longer in progress (ours, or Prisma's "record not found"). */
export const isDraftClosed = (error: unknown) => error instanceof DraftClosedError || (error as { code?: string } | null)?.code === 'P2025';

/** policy: P2.1 — a survey collects only the categories a survey may (never special categories). */
function assertSurveyMayStore(q: SavableQuestion) {
  if (!mayStoreFromSurvey(q.category)) throw new Error(`question ${q.key} has category ${q.category}, which a survey may not collect (P2.1)`);
}

/** The writes of one section's answers (lazy Prisma promises: a batch or a transaction runs them). */
function answerWrites(db: Pick<Db, 'answer'>, responseId: string, questions: SavableQuestion[], values: Record<string, AnswerValue | undefined>) {
  return questions.map((q) => {
    assertSurveyMayStore(q);
    const value = values[q.key];
    const where = { responseId_questionId: { responseId, questionId: q.id } };
    if (value === undefined) return db.answer.deleteMany({ where: { responseId, questionId: q.id } });
    const stored = { value, category: q.category, lawfulBasis: lawfulBasisFor(q.category) };
    return db.answer.upsert({ where, create: { responseId, questionId: q.id, ...stored }, update: stored });
  });
}

const moveDraft = (db: Pick<Db, 'response'>, responseId: string, nextSection: number, now: Date) =>
  db.response.update({ where: { id: responseId, status: 'in_progress' }, data: { currentSection: nextSection, lastActivityAt: now } });

/**
 * A section as the respondent sent it: its answers, the draft's place, and the publication ticks of
 * its comments (P3.3) — one transaction (DESIGN.md convention 18), so a failure half-way never keeps
 * a comment without the choice its author made about publishing it. A section with no publishable
 * comment is one batch (the hot path stays a single round of statements).
 */
export async function saveSection(
  db: Db,
  responseId: string,
  questions: (SavableQuestion & { publishable: boolean })[],
  values: Record<string, AnswerValue | undefined>,
  publish: Record<string, boolean>,
  nextSection: number,
  now = new Date(),
) {
  if (!questions.some((q) => q.publishable)) return saveSectionAnswers(db, responseId, questions, values, nextSection, now);
  await db.$transaction(async (tx) => {
    for (const write of answerWrites(tx, responseId, questions, values)) await write;
    await moveDraft(tx, responseId, nextSection, now);
    await applyPublicationChoices(tx, responseId, questions, publish, now);
  });
}

/**
 * Finishing: the draft becomes a response, once — false when a parallel submission of the same
 * draft (a double click on Finish) completed it first. The resume token stops opening it (drafts
 * are found by status), but still names it for {@link COMPLETED_TOKEN_KEPT_MS}, so that the same
 * submission sent again is recognised as done (queries.ts findFinishedBy); then it is forgotten
 * (forgetCompletedTokens).
 *
 * In the same transaction: `settle` judges the path over the answers stored by then, `fill` counts
 * the response towards its quotas (quotas.ts; a full quota or cap rolls everything back and throws
 * {@link QuotaFullError}), and a reward is earned.
 */
export async function completeDraft(db: Db, responseId: string, now = new Date(), { reward, settle, fill }: CompleteOptions = {}): Promise<boolean> {
  const complete = (tx: Pick<Db, 'response'>) =>
    tx.response.updateMany({ where: { id: responseId, status: 'in_progress' }, data: { status: 'completed', completedAt: now, lastActivityAt: now } });
  if (!reward && !settle && !fill) return (await complete(db)).count === 1;
  // policy: P8.1 — the reward is recorded in the transaction that completes the response (both or
  // neither); its voucher is claimed and mailed after, where a failure leaves it owed, never the
  // answers unaccepted.
  const earned = await db.$transaction(async (tx) => {
    // The status first: it locks the response, so a section saved at the same moment either
    // committed before (and is read below) or finds the response closed and writes nothing.
    const { count } = await complete(tx);
    if (count !== 1) return { completed: false, voucher: null };
    // policy: P2.1 — the answers as they are now, not as the request read them: two posts at once
    // (another section, a changed answer) must not leave an answer the path skips, nor a gap.
    const stored = settle || fill ? await tx.answer.findMany({ where: { responseId }, select: { questionId: true, value: true } }) : [];
    const verdict = settle?.(stored);
    if (verdict?.screenedOut) throw new ScreenedOutError();
    if (verdict && verdict.incomplete !== null) throw new IncompleteOnPathError(verdict.incomplete);
    if (verdict?.drop.length) await tx.answer.deleteMany({ where: { responseId, questionId: { in: verdict.drop } } });
    if (fill) {
      const full = await fill(tx, responseId, verdict?.answers ?? {});
      if (full) throw new QuotaFullError(full);
    }
    return { completed: true, voucher: reward ? await earnReward(tx, responseId, now) : null };
  });
  // Logged, not thrown: the reward stays owed (listed for admins), the answers are accepted.
  if (earned.voucher && reward) await sendEarnedVoucher(db, earned.voucher, reward.timeZone, now).catch((error: unknown) => log('error', 'voucher_not_sent', { rewardId: earned.voucher, ...errorFields(error) }));
  return earned.completed;
}

export type CompleteOptions = { reward?: { timeZone: string }; settle?: PathSettler; fill?: QuotaFiller };

/**
 * Judges the stored answers of a response being completed: what to delete (off the path), the first
 * incomplete section, whether a screen-out holds, and the answers by key once the dropped are gone.
 */
export type PathSettler = (answers: { questionId: string; value: unknown }[]) => { drop: string[]; incomplete: number | null; screenedOut: boolean; answers: Answers };

/** Completing found the response in a full quota or over the survey's cap: nothing was completed. */
export class QuotaFullError extends Error {
  constructor(readonly full: Full) {
    super('quota full');
  }
}

/** Completing found a screen-out that holds over the stored answers (a parallel post): nothing was completed. */
export class ScreenedOutError extends Error {
  constructor() {
    super('screened out');
  }
}

/**
 * A response ends before its last page (issue 13, part 3): screened out, or in a full quota. It
 * keeps what it holds as a partial response (policy: P3.1 — deleted when the partial-response
 * retention runs out, counted from `abandonedAt`); it can no longer be resumed, and its token still
 * names it for a short while, as a completed one's does, so a repeated post lands on the same ending.
 * False when it was no longer in progress.
 */
export async function endDraft(db: Pick<Db, 'response'>, responseId: string, ending: EarlyEnding, now = new Date()): Promise<boolean> {
  const { count } = await db.response.updateMany({
    where: { id: responseId, status: 'in_progress' },
    data: { status: ending, abandonedAt: now, completedAt: null, lastActivityAt: now },
  });
  return count === 1;
}

/** Completing found a required answer missing on the path (a parallel post changed it): nothing was completed. */
export class IncompleteOnPathError extends Error {
  constructor(readonly section: number) {
    super(`section ${section} lacks a required answer`);
  }
}

/**
 * The hash of a finished response's token (completed, or ended early), erased once findFinishedBy
 * no longer looks at it: by the draft sweep, so it lives an hour plus up to one sweep interval
 * (with the sweep switched off, it stays — the hash of a cookie the browser no longer has).
 */
export async function forgetCompletedTokens(db: Pick<Db, 'response'>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - COMPLETED_TOKEN_KEPT_MS);
  const { count } = await db.response.updateMany({
    where: {
      resumeTokenHash: { not: null },
      OR: [
        { status: 'completed', completedAt: { lt: before } },
        { status: { in: ['screened_out', 'quota_full'] }, abandonedAt: { lt: before } },
      ],
    },
    data: { resumeTokenHash: null },
  });
  return count;
}

/**
 * policy: P3.1, P7.1 — stop and discard: the draft, every answer in it, what was collected for it
 * and the respondent record it created are deleted through the deletion register, with an audit
 * event (counts only) in the same transaction. Only the token's own in-progress draft can be
 * discarded. `action` names why (the respondent stopped, or a birth date below the minimum age).
 */
export async function discardDraft(
  db: Db,
  surveyId: string,
  token: string | undefined,
  action: 'response.discarded' | 'response.discarded_under_age' = 'response.discarded',
): Promise<boolean> {
  const where = draftOpenedBy(surveyId, token);
  if (!where) return false;
  const draft = await db.response.findFirst({ where, select: { id: true, respondentId: true, respondent: { select: { _count: { select: { responses: true } } } } } });
  if (!draft) return false;
  // The respondent row exists only for this draft unless they have other responses.
  const respondentIds = draft.respondent._count.responses === 1 ? [draft.respondentId] : [];
  await withAudit(db, { actor: 'respondent', action, target: `survey:${surveyId}` }, (tx) =>
    // The invitation that led here stays on its survey's list (its address is the Client's, not
    // this draft's): it only loses the link to the response.
    deleteScope(tx, { ...EMPTY_SCOPE, respondentIds, responseIds: [draft.id] }, { skip: ['invitations'] }),
  );
  return true;
}

/**
 * policy: P3.1 — drafts nobody touched for `idleMs` are marked abandoned (no longer resumable)
 * so that the retention job can remove them after the partial-response retention period.
 */
export async function markAbandonedDrafts(db: Pick<Db, 'response'>, idleMs: number, now = new Date()): Promise<number> {
  const { count } = await db.response.updateMany({
    where: { status: 'in_progress', lastActivityAt: { lt: new Date(now.getTime() - idleMs) } },
    // An abandoned draft gives up its panel id: the panel member may start afresh (panel-id.ts).
    data: { status: 'abandoned', abandonedAt: now, resumeTokenHash: null, panelKey: null },
  });
  return count;
}
