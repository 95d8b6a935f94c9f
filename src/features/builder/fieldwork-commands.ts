import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { databaseProvider } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, clientScope, type StaffUserDTO } from '@/server/authz';
import { Refusal } from '@/server/refusal';
import { assertBuilder } from './commands';
import { zonedDateTime } from '@/lib/dates';
import { conditionKeys, conditionProblems, evaluate, parseCondition, MAX_TEXT, type Condition, type Referable } from '@/features/survey/logic';
import { RETURN_URL_MAX, returnUrlProblem } from '@/features/survey/return-links';
import { draftOptionsSchema } from '@/lib/localized-text';
import { fillLock, quotaFill } from '@/features/survey/quotas';

/**
 * Fieldwork settings (issue 13, part 3): the schedule, the response cap, the panel return links and
 * the quotas. Unlike the questionnaire these change while a survey is live — a deadline moves, a
 * quota is raised — so they are editable on a draft and a published survey (not a closed one). Each
 * edit moves the survey's `updatedAt`, which is the version the respondent pages cache the
 * definition under (survey/queries.ts): every instance sees the change at its next request.
 */
export class SurveyClosedError extends Refusal {
  constructor() {
    super('survey_closed');
    this.name = 'SurveyClosedError';
  }
}

const MAX_QUOTAS = 50;
const MAX_LIMIT = 1_000_000;

/** The survey within the user's scope (P5.5), not closed; its hidden fields and every question it has. */
async function openSurveyInScope(db: Db, user: StaffUserDTO, surveyId: string) {
  assertBuilder(user);
  const survey = await db.survey.findFirst({
    where: { id: surveyId, ...clientScope(user) },
    select: { id: true, status: true, questions: { select: { key: true, type: true, options: true } } },
  });
  if (!survey) throw new AuthError('forbidden');
  if (survey.status === 'closed') throw new SurveyClosedError();
  return survey;
}

/** A fieldwork edit's own first write: the survey still is not closed, and its version moves. */
const touch = (db: Pick<Db, 'survey'>, surveyId: string) =>
  db.survey.update({ where: { id: surveyId, status: { not: 'closed' } }, data: { updatedAt: new Date() }, select: { id: true } });

/** A closed survey meanwhile (Prisma P2025 on `touch`): refused like one closed before. */
async function whileOpen<T>(edit: () => Promise<T>): Promise<T> {
  try {
    return await edit();
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'P2025') throw new SurveyClosedError();
    throw error;
  }
}

/** A local date and time typed in the app's time zone, '' for none. */
const localMoment = (timeZone: string) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      if (text === '') return null;
      const at = zonedDateTime(text, timeZone);
      if (at) return at;
      ctx.addIssue({ code: 'custom', message: 'date_time' });
      return z.NEVER;
    });
const returnUrl = z.string().trim().max(RETURN_URL_MAX, 'too_long').transform((v) => v || null);

const RETURN_FIELDS = ['returnUrlComplete', 'returnUrlScreenedOut', 'returnUrlQuotaFull'] as const;

/** `hiddenKeys`: the survey's hidden fields, the only names a return link may fill in. */
export const fieldworkSchema = (timeZone: string, hiddenKeys: string[]) =>
  z
    .object({
      opensAt: localMoment(timeZone),
      closesAt: localMoment(timeZone),
      maxResponses: z.number().int('max_responses').min(1, 'max_responses').max(MAX_LIMIT, 'max_responses').nullable(),
      returnUrlComplete: returnUrl,
      returnUrlScreenedOut: returnUrl,
      returnUrlQuotaFull: returnUrl,
      // The hidden field naming a panel's respondent: one response per value (survey/panel-id.ts).
      panelIdKey: z.string().trim().transform((v) => v || null),
      // Invitations (features/invitations): only personal links start it; how many reminders follow.
      inviteOnly: z.boolean().default(false),
      maxReminders: z.number().int('max_reminders').min(0, 'max_reminders').max(5, 'max_reminders').default(2),
      // Automatic reminders this many days after a contact's last mail (jobs.ts); null: by the button only.
      reminderAfterDays: z.number().int('reminder_after_days').min(1, 'reminder_after_days').max(30, 'reminder_after_days').nullable().default(null),
    })
    .strict()
    // Every problem at once: each link's, and the schedule's order.
    .superRefine((f, ctx) => {
      for (const field of RETURN_FIELDS) {
        const problem = f[field] ? returnUrlProblem(f[field], hiddenKeys) : null;
        if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem });
      }
      if (f.opensAt && f.closesAt && f.opensAt >= f.closesAt) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'schedule_order' });
      if (f.panelIdKey && !hiddenKeys.includes(f.panelIdKey)) ctx.addIssue({ code: 'custom', path: ['panelIdKey'], message: 'invalid_choice' });
    });

export type FieldworkInput = z.input<ReturnType<typeof fieldworkSchema>>;

/** Schedule, cap and return links in one form; a return link may name only the survey's hidden fields. */
export async function updateFieldworkAs(db: Db, user: StaffUserDTO, surveyId: string, input: FieldworkInput, timeZone: string) {
  const survey = await openSurveyInScope(db, user, surveyId);
  const data = fieldworkSchema(
    timeZone,
    survey.questions.filter((q) => q.type === 'hidden').map((q) => q.key),
  ).parse(input);
  await whileOpen(() =>
    db.$transaction(async (tx) => {
      await touch(tx, surveyId);
      await tx.survey.update({ where: { id: surveyId }, data });
      await auditEvent(tx, { actor: user.id, action: 'survey.fieldwork_updated', target: `survey:${surveyId}` });
    }),
  );
}

const conditionText = z
  .string()
  .max(MAX_TEXT, 'logic_too_long')
  .transform((text, ctx) => {
    const parsed = parseCondition(text);
    if (parsed.ok && parsed.condition) return parsed.condition;
    ctx.addIssue({ code: 'custom', message: parsed.ok ? 'required' : parsed.error.code });
    return z.NEVER;
  });

export const quotaSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(100, 'too_long'),
    condition: conditionText,
    limit: z.number('quota_limit').int('quota_limit').min(1, 'quota_limit').max(MAX_LIMIT, 'quota_limit'),
  })
  .strict();

/** A quota may read any question of the survey: it is counted once every answer is in. */
function assertQuotaCondition(condition: Condition, questions: { key: string; type: string; options: unknown }[]) {
  const referables = new Map<string, Referable>(
    questions.map((q) => [q.key, { key: q.key, type: q.type, options: q.options == null ? [] : draftOptionsSchema.parse(q.options).map((o) => o.value) }]),
  );
  const problem = conditionProblems(condition, referables, new Set(referables.keys()))[0];
  if (problem) throw new z.ZodError([{ code: 'custom', path: ['condition'], message: problem.code, input: undefined }]);
}

/**
 * A new quota. On a survey already in the field, the completed responses that meet it are counted
 * at once (it would otherwise start at zero and let its limit be passed), under the same lock as
 * completions (survey/quotas.ts), so none completing meanwhile is missed or counted twice.
 */
export async function addQuotaAs(db: Db, user: StaffUserDTO, surveyId: string, input: z.input<typeof quotaSchema>) {
  const survey = await openSurveyInScope(db, user, surveyId);
  const data = quotaSchema.parse(input);
  assertQuotaCondition(data.condition, survey.questions);
  if ((await db.quota.count({ where: { surveyId } })) >= MAX_QUOTAS) throw new Refusal('too_many_quotas');
  const provider = databaseProvider(db);
  return whileOpen(() =>
    db.$transaction(
      async (tx) => {
        await touch(tx, surveyId);
        // Completions wait meanwhile (quotas.ts): read only the answers the condition names.
        await fillLock(tx, provider, surveyId);
        const quota = await tx.quota.create({ data: { surveyId, name: data.name, condition: data.condition, limit: data.limit }, select: { id: true } });
        const completed = await tx.response.findMany({
          where: { surveyId, status: 'completed' },
          select: { id: true, answers: { where: { question: { key: { in: conditionKeys(data.condition) } } }, select: { value: true, question: { select: { key: true } } } } },
        });
        const meeting = completed.filter((r) => evaluate(data.condition, Object.fromEntries(r.answers.map((a) => [a.question.key, a.value]))));
        if (meeting.length) await tx.quotaMember.createMany({ data: meeting.map((r) => ({ quotaId: quota.id, responseId: r.id })) });
        await auditEvent(tx, { actor: user.id, action: 'survey.quota_added', target: `survey:${surveyId}`, counts: { counted: meeting.length } });
        return quota;
      },
      { timeout: 60_000 },
    ),
  );
}

/** A quota's limit, raised or lowered (lowered below its count, it is simply full). */
export async function updateQuotaLimitAs(db: Db, user: StaffUserDTO, surveyId: string, quotaId: string, limit: number) {
  await openSurveyInScope(db, user, surveyId);
  const data = quotaSchema.pick({ limit: true }).parse({ limit });
  await whileOpen(() =>
    db.$transaction(async (tx) => {
      await touch(tx, surveyId);
      const { count } = await tx.quota.updateMany({ where: { id: quotaId, surveyId }, data });
      if (!count) throw new AuthError('forbidden');
      await auditEvent(tx, { actor: user.id, action: 'survey.quota_updated', target: `survey:${surveyId}` });
    }),
  );
}

/** A quota removed: its counts go with it; the responses stay. */
export async function deleteQuotaAs(db: Db, user: StaffUserDTO, surveyId: string, quotaId: string) {
  await openSurveyInScope(db, user, surveyId);
  const provider = databaseProvider(db);
  await whileOpen(() =>
    db.$transaction(async (tx) => {
      await touch(tx, surveyId);
      // Not under a completion that is counting it (quotas.ts).
      await fillLock(tx, provider, surveyId);
      const { count } = await tx.quota.deleteMany({ where: { id: quotaId, surveyId } });
      if (count) await auditEvent(tx, { actor: user.id, action: 'survey.quota_deleted', target: `survey:${surveyId}` });
    }),
  );
}

/** The fieldwork page's reading of a survey: settings, and each quota with its condition and count. */
export async function getFieldwork(db: Db, user: StaffUserDTO, surveyId: string) {
  assertBuilder(user);
  const survey = await db.survey.findFirst({
    where: { id: surveyId, ...clientScope(user) },
    select: {
      id: true,
      slug: true,
      status: true,
      title: true,
      opensAt: true,
      closesAt: true,
      maxResponses: true,
      returnUrlComplete: true,
      returnUrlScreenedOut: true,
      returnUrlQuotaFull: true,
      panelIdKey: true,
      inviteOnly: true,
      maxReminders: true,
      reminderAfterDays: true,
      questions: { select: { key: true, type: true, options: true } },
    },
  });
  if (!survey) return null;
  const completed = await db.response.count({ where: { surveyId, status: 'completed' } });
  return {
    ...survey,
    hiddenKeys: survey.questions.filter((q) => q.type === 'hidden').map((q) => q.key),
    // For the quotas' conditions in words (builder/components/ConditionText.tsx).
    optionSections: [{ questions: survey.questions.map((q) => ({ key: q.key, options: q.options == null ? [] : draftOptionsSchema.parse(q.options) })) }],
    completed,
    quotas: await quotaFill(db, surveyId),
  };
}
