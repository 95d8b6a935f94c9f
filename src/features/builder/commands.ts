import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, clientScope, type StaffUserDTO } from '@/server/authz';
import { MINIMUM_AGE_RANGE } from '@/features/survey/age-gate';
import { SURVEY_QUESTION_CATEGORIES } from '@/features/survey/policy';
import { DEFAULT_CATEGORY, QUESTION_TYPES, RESERVED_LINK_PARAMETERS } from '@/features/survey/question-types';
import { MAX_TEXT, parseCondition, readCondition, readConditionLeniently } from '@/features/survey/logic';
import { EXPORT_COLUMNS } from '@/features/survey/field-names';
import { draftOptionsSchema, draftTextSchema } from '@/lib/localized-text';
import { questionLogicProblems, sectionLogicProblems, type LogicSection } from './logic-check';
import { RETENTION_DAYS } from '@/features/retention/rules';
import { fieldworkPublishProblems, logicPublishProblems, publishProblems, type PublishProblem } from './publish-check';
import { Refusal } from '@/server/refusal';

/**
 * The survey builder's writes. Admins build for any Client, analysts for their own (P5.5); the
 * DPO not at all. Only drafts change: a published survey is never edited destructively (its
 * answers keep pointing at the questions they answered) — it can only be closed.
 */
const draftText = z.object({ az: z.string().trim().max(2000, 'too_long'), en: z.string().trim().max(2000, 'too_long') }).strict();

export const newSurveySchema = z
  .object({
    clientId: z.string().min(1, 'required'),
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'slug'),
    title: draftText,
    description: draftText,
    ageGate: z.boolean(),
    // policy: P4.4, P2.1 — the link's customer id is collected only where the survey declares it.
    acceptsCustomerId: z.boolean().default(false),
    // policy: P8.1, P5.2 — what the survey offers, who delivers it, and an optional prize draw.
    rewardKind: z.enum(['voucher', 'loyalty_bonus'], 'invalid_choice').nullable().default(null),
    rewardPartner: z.string().trim().max(100, 'too_long').nullable().default(null),
    sweepstakes: z.boolean().default(false),
    // Randomization: each respondent's order is drawn at start and stored (survey/display-order.ts).
    randomizeSections: z.boolean().default(false),
    minimumAge: z.number().int().min(MINIMUM_AGE_RANGE.min, 'age_range').max(MINIMUM_AGE_RANGE.max, 'age_range').nullable(),
    country: z.string().regex(/^[A-Z]{2}$/, 'country').nullable(),
    // policy: P6.1 — a survey may only shorten the policy's retention periods.
    retentionContactDays: z.number().int().min(1, 'retention_max').max(RETENTION_DAYS.contact, 'retention_max').nullable().default(null),
    retentionDemographicDays: z.number().int().min(1, 'retention_max').max(RETENTION_DAYS.demographic, 'retention_max').nullable().default(null),
    retentionAnswersDays: z.number().int().min(1, 'retention_max').max(RETENTION_DAYS.answers, 'retention_max').nullable().default(null),
    retentionDraftDays: z.number().int().min(1, 'retention_max').max(RETENTION_DAYS.abandonedDrafts, 'retention_max').nullable().default(null),
  })
  .strict();

/** Skip logic as staff type it (survey/logic.ts): empty means always shown. */
const showIfText = z
  .string()
  .max(MAX_TEXT, 'logic_too_long')
  .default('')
  .transform((text, ctx) => {
    const parsed = parseCondition(text);
    if (parsed.ok) return parsed.condition;
    ctx.addIssue({ code: 'custom', message: parsed.error.code });
    return z.NEVER;
  });

export const newSectionSchema = z
  .object({ title: draftText, description: draftText.nullable().default(null), showIf: showIfText, screenOutIf: showIfText, randomizeQuestions: z.boolean().default(false) })
  .strict();

/** Names an object already has (a grid's answer is an object keyed by row): never a row or option value. */
const OBJECT_NAMES = ['__proto__', 'constructor', 'prototype'];
const optionSchema = z
  .object({
    value: z.string().regex(/^[a-z0-9_]{1,40}$/, 'option_value').refine((v) => !OBJECT_NAMES.includes(v), 'option_value'),
    label: draftText,
    keepLast: z.boolean().optional(),
  })
  .strict();
const distinctValues = (list: { value: string }[]) => new Set(list.map((o) => o.value)).size === list.length;

export const newQuestionSchema = z
  .object({
    sectionId: z.string().min(1, 'required'),
    key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'question_key'),
    type: z.enum(QUESTION_TYPES, 'invalid_choice'),
    // policy: P2.1 — only the categories a survey may collect.
    category: z.enum(SURVEY_QUESTION_CATEGORIES, 'invalid_choice').optional(),
    required: z.boolean(),
    prompt: draftText,
    help: draftText.nullable(),
    options: z.array(optionSchema).max(30),
    // A grid's rows (its scale is `options`).
    rows: z.array(optionSchema.omit({ keepLast: true })).max(30).default([]),
    randomizeOptions: z.boolean().default(false),
    contactPurpose: z.enum(['survey_validation', 'reward_delivery', 'support'], 'invalid_choice').nullable(),
    publishable: z.boolean(),
    showIf: showIfText,
  })
  .strict()
  // policy: P5.1 — a contact field says why it is asked; only contact fields have a purpose.
  .refine((q) => ((q.category ?? DEFAULT_CATEGORY[q.type]) === 'contact') === (q.contactPurpose !== null), { message: 'contact_purpose', path: ['contactPurpose'] })
  // policy: P3.3 — publication permission is offered only for free-text comments.
  .refine((q) => !q.publishable || q.type === 'long_text', { message: 'publishable_comment', path: ['publishable'] })
  .refine((q) => (q.type === 'grid') === (q.rows.length > 0), { message: 'grid_rows', path: ['rows'] })
  .refine((q) => !q.options.some((o) => o.keepLast) || (q.randomizeOptions && q.type !== 'grid'), { message: 'keep_last', path: ['options'] })
  .refine((q) => distinctValues(q.options), { message: 'duplicate_value', path: ['options'] })
  .refine((q) => distinctValues(q.rows), { message: 'duplicate_value', path: ['rows'] })
  .refine((q) => !EXPORT_COLUMNS.includes(q.key), { message: 'reserved_key', path: ['key'] })
  // A hidden field comes with the link: nobody is asked it, so it is never required nor conditional,
  // and it cannot take the name of a parameter the survey page reads itself.
  .refine((q) => q.type !== 'hidden' || (!q.required && q.showIf === null && !q.publishable), { message: 'hidden_field', path: ['type'] })
  .refine((q) => q.type !== 'hidden' || !(RESERVED_LINK_PARAMETERS as readonly string[]).includes(q.key), { message: 'reserved_key', path: ['key'] });

/** Admins and analysts build and run surveys (their Client's, checked by each query); nobody else. */
export function assertBuilder(user: StaffUserDTO) {
  if (user.role !== 'admin' && user.role !== 'analyst') throw new AuthError('forbidden');
}

async function draftInScope(db: Db, user: StaffUserDTO, surveyId: string) {
  assertBuilder(user);
  const survey = await db.survey.findFirst({ where: { id: surveyId, ...clientScope(user) }, select: { id: true, status: true } });
  if (!survey) throw new AuthError('forbidden');
  return survey;
}

/** Only a draft survey can be edited. */
export class NotADraftError extends Refusal {
  constructor() {
    super('not_a_draft');
    this.name = 'NotADraftError';
  }
}

/**
 * The first write of every edit, in the edit's own transaction: the survey is still a draft now —
 * a publish that committed since the edit's check makes it fail (Prisma P2025) and the whole edit
 * roll back — and its version moves, so publishing can tell that what it checked changed, and no
 * published definition is ever cached under a version its content does not have (survey/queries.ts).
 */
const stillDraft = (db: Pick<Db, 'survey'>, surveyId: string) =>
  db.survey.update({ where: { id: surveyId, status: 'draft' }, data: { updatedAt: new Date() }, select: { id: true } });

/** An edit (or a publish) that lost the race against a publish (or an edit): refused as "not a draft". */
async function asDraftEdit<T>(edit: () => Promise<T>): Promise<T> {
  try {
    return await edit();
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'P2025') throw new NotADraftError();
    throw error;
  }
}

export async function createSurveyAs(db: Db, user: StaffUserDTO, input: z.input<typeof newSurveySchema>) {
  assertBuilder(user);
  const data = newSurveySchema.parse(input);
  // P5.5: an analyst builds only for their own Client.
  if (user.role === 'analyst' && data.clientId !== user.clientId) throw new AuthError('forbidden');
  return db.$transaction(async (tx) => {
    const survey = await tx.survey.create({ data: { ...data, status: 'draft' }, select: { id: true } });
    await auditEvent(tx, { actor: user.id, action: 'survey.created', target: `survey:${survey.id}` });
    return survey;
  });
}

export async function addSectionAs(db: Db, user: StaffUserDTO, surveyId: string, input: z.input<typeof newSectionSchema>) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  const data = newSectionSchema.parse(input);
  const { sections, randomizeSections } = await logicOf(db, surveyId);
  assertSectionLogic(sections, sections.length, data, randomizeSections);
  const last = await db.section.findFirst({ where: { surveyId }, orderBy: { position: 'desc' }, select: { position: true } });
  const [, section] = await asDraftEdit(() => db.$transaction([
    stillDraft(db, surveyId),
    db.section.create({ data: { surveyId, ...sectionColumns(data), position: (last?.position ?? -1) + 1 }, select: { id: true } }),
    auditEvent(db, { actor: user.id, action: 'survey.section_added', target: `survey:${surveyId}` }),
  ]));
  return section;
}

/** Types with options: choices, and a grid's scale. */
const isChoice = (type: string) => type === 'single_choice' || type === 'multiple_choice' || type === 'grid';

/** The stored columns of a validated question; the category defaults from the type (P4.1). */
function questionColumns(q: z.output<typeof newQuestionSchema>) {
  return {
    key: q.key,
    type: q.type,
    category: q.category ?? DEFAULT_CATEGORY[q.type],
    required: q.required,
    prompt: q.prompt,
    help: q.help ?? undefined,
    options: isChoice(q.type) ? q.options.map(({ keepLast, ...o }) => (keepLast ? { ...o, keepLast } : o)) : undefined,
    rows: q.type === 'grid' ? q.rows : undefined,
    randomizeOptions: q.randomizeOptions && q.type !== 'grid' && isChoice(q.type),
    contactPurpose: q.contactPurpose,
    publishable: q.publishable,
    showIf: q.showIf ?? undefined,
  };
}

/**
 * The survey's sections and questions as logic-check.ts reads them, and whether it shuffles its
 * sections (then logic may read only the first section).
 */
async function logicOf(db: Pick<Db, 'survey'>, surveyId: string): Promise<{ randomizeSections: boolean; sections: (LogicSection & { id: string; questionIds: string[] })[] }> {
  const { randomizeSections, sections } = await db.survey.findUniqueOrThrow({
    where: { id: surveyId },
    select: {
      randomizeSections: true,
      sections: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          title: true,
          description: true,
          showIf: true,
          screenOutIf: true,
          questions: { orderBy: { position: 'asc' }, select: { id: true, key: true, type: true, options: true, showIf: true, prompt: true, help: true } },
        },
      },
    },
  });
  return {
    randomizeSections,
    sections: sections.map((s) => ({
      id: s.id,
      title: draftTextSchema.parse(s.title),
      description: s.description == null ? null : draftTextSchema.parse(s.description),
      showIf: readCondition(s.showIf),
      screenOutIf: readCondition(s.screenOutIf),
      questionIds: s.questions.map((q) => q.id),
      questions: s.questions.map((q) => ({
        key: q.key,
        type: q.type,
        options: q.options == null ? [] : draftOptionsSchema.parse(q.options),
        showIf: readCondition(q.showIf),
        prompt: draftTextSchema.parse(q.prompt),
        help: q.help == null ? null : draftTextSchema.parse(q.help),
      })),
    })),
  };
}

/** A zod error on the form's fields, as the action wrapper shows it. */
const fieldError = (field: string, code: string) => new z.ZodError([{ code: 'custom', path: [field], message: code, input: undefined }]);

/**
 * Refuses a question whose condition or piped text reads something not before it (logic-check.ts).
 * `questionId` (an edit) leaves the question's current self out: it may be moving to another section.
 */
async function assertQuestionLogic(db: Db, surveyId: string, q: z.output<typeof newQuestionSchema>, questionId?: string) {
  if (q.showIf === null && !/\{\{/.test(JSON.stringify([q.prompt, q.help]))) return;
  const { sections, randomizeSections } = await logicOf(db, surveyId);
  const index = sections.findIndex((s) => s.id === q.sectionId);
  const others = sections.map((s) => ({ ...s, questions: s.questions.filter((_, i) => s.questionIds[i] !== questionId) }));
  const { showIf, texts } = questionLogicProblems(others, index, q, randomizeSections);
  if (showIf[0]) throw fieldError('showIf', showIf[0].code);
  if (texts[0]) throw fieldError('prompt', texts[0].code);
}

/** A section's stored columns: an empty description is none. */
function sectionColumns(data: z.output<typeof newSectionSchema>) {
  const description = data.description && (data.description.az || data.description.en) ? data.description : undefined;
  return { title: data.title, description, showIf: data.showIf ?? undefined, screenOutIf: data.screenOutIf ?? undefined, randomizeQuestions: data.randomizeQuestions };
}

function assertSectionLogic(sections: LogicSection[], index: number, data: z.output<typeof newSectionSchema>, randomizeSections: boolean) {
  const { showIf, texts, screenOutIf } = sectionLogicProblems(sections, index, data, randomizeSections);
  if (showIf[0]) throw fieldError('showIf', showIf[0].code);
  if (screenOutIf[0]) throw fieldError('screenOutIf', screenOutIf[0].code);
  if (texts[0]) throw fieldError('title', texts[0].code);
}

async function nextQuestionPosition(db: Db, sectionId: string) {
  const last = await db.question.findFirst({ where: { sectionId }, orderBy: { position: 'desc' }, select: { position: true } });
  return (last?.position ?? -1) + 1;
}

export async function addQuestionAs(db: Db, user: StaffUserDTO, surveyId: string, input: z.input<typeof newQuestionSchema>) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  const q = newQuestionSchema.parse(input);
  const section = await db.section.findFirst({ where: { id: q.sectionId, surveyId }, select: { id: true } });
  if (!section) throw new AuthError('forbidden');
  await assertQuestionLogic(db, surveyId, q);
  const position = await nextQuestionPosition(db, section.id);
  const [, question] = await asDraftEdit(() => db.$transaction([
    stillDraft(db, surveyId),
    db.question.create({ data: { surveyId, sectionId: section.id, ...questionColumns(q), position }, select: { id: true } }),
    auditEvent(db, { actor: user.id, action: 'survey.question_added', target: `survey:${surveyId}` }),
  ]));
  return question;
}

export async function deleteQuestionAs(db: Db, user: StaffUserDTO, surveyId: string, questionId: string) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  return asDraftEdit(() => db.$transaction(async (tx) => {
    await stillDraft(tx, surveyId);
    const { count } = await tx.question.deleteMany({ where: { id: questionId, surveyId, answers: { none: {} } } });
    if (count) await auditEvent(tx, { actor: user.id, action: 'survey.question_deleted', target: `survey:${surveyId}` });
    return count > 0;
  }));
}

/** A draft's question, edited in place: every field, since nobody can have answered a draft. */
export async function updateQuestionAs(db: Db, user: StaffUserDTO, surveyId: string, questionId: string, input: z.input<typeof newQuestionSchema>) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  const q = newQuestionSchema.parse(input);
  const current = await db.question.findFirst({ where: { id: questionId, surveyId }, select: { sectionId: true, position: true } });
  const section = await db.section.findFirst({ where: { id: q.sectionId, surveyId }, select: { id: true } });
  if (!current || !section) throw new AuthError('forbidden');
  await assertQuestionLogic(db, surveyId, q, questionId);
  // Moving to another section puts the question last there.
  const position = section.id === current.sectionId ? current.position : await nextQuestionPosition(db, section.id);
  await asDraftEdit(() => db.$transaction([
    stillDraft(db, surveyId),
    db.question.update({ where: { id: questionId }, data: { sectionId: section.id, position, ...questionColumns(q) } }),
    // Help and options that went away become SQL NULL. Raw SQL because Prisma's DbNull marker is
    // matched by object identity, which does not survive the two generated clients and the bundler.
    ...(q.help ? [] : [db.$executeRaw`UPDATE "Question" SET "help" = NULL WHERE "id" = ${questionId}`]),
    ...(isChoice(q.type) ? [] : [db.$executeRaw`UPDATE "Question" SET "options" = NULL WHERE "id" = ${questionId}`]),
    ...(q.showIf ? [] : [db.$executeRaw`UPDATE "Question" SET "showIf" = NULL WHERE "id" = ${questionId}`]),
    ...(q.type === 'grid' ? [] : [db.$executeRaw`UPDATE "Question" SET "rows" = NULL WHERE "id" = ${questionId}`]),
    auditEvent(db, { actor: user.id, action: 'survey.question_updated', target: `survey:${surveyId}` }),
  ]));
}

export async function updateSectionAs(db: Db, user: StaffUserDTO, surveyId: string, sectionId: string, input: z.input<typeof newSectionSchema>) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  const data = newSectionSchema.parse(input);
  const { sections, randomizeSections } = await logicOf(db, surveyId);
  const index = sections.findIndex((s) => s.id === sectionId);
  if (index === -1) throw new AuthError('forbidden');
  assertSectionLogic(sections, index, data, randomizeSections);
  await asDraftEdit(() => db.$transaction(async (tx) => {
    await stillDraft(tx, surveyId);
    const { count } = await tx.section.updateMany({ where: { id: sectionId, surveyId }, data: sectionColumns(data) });
    if (!count) throw new AuthError('forbidden');
    // A condition or description taken away becomes SQL NULL (see updateQuestionAs on Prisma's DbNull).
    if (!data.showIf) await tx.$executeRaw`UPDATE "Section" SET "showIf" = NULL WHERE "id" = ${sectionId}`;
    if (!data.screenOutIf) await tx.$executeRaw`UPDATE "Section" SET "screenOutIf" = NULL WHERE "id" = ${sectionId}`;
    if (!data.description) await tx.$executeRaw`UPDATE "Section" SET "description" = NULL WHERE "id" = ${sectionId}`;
    await auditEvent(tx, { actor: user.id, action: 'survey.section_updated', target: `survey:${surveyId}` });
  }));
}

/** Only an empty section goes; the sections after it close the gap. */
export async function deleteSectionAs(db: Db, user: StaffUserDTO, surveyId: string, sectionId: string) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  const section = await db.section.findFirst({ where: { id: sectionId, surveyId, questions: { none: {} } }, select: { position: true } });
  if (!section) return false;
  await asDraftEdit(() => db.$transaction(async (tx) => {
    await stillDraft(tx, surveyId);
    await tx.section.delete({ where: { id: sectionId } });
    const after = await tx.section.findMany({ where: { surveyId, position: { gt: section.position } }, orderBy: { position: 'asc' }, select: { id: true, position: true } });
    for (const s of after) await tx.section.update({ where: { id: s.id }, data: { position: s.position - 1 } });
    await auditEvent(tx, { actor: user.id, action: 'survey.section_deleted', target: `survey:${surveyId}` });
  }));
  return true;
}

export type Direction = 'up' | 'down';

/** Swap a section with its neighbour. (surveyId, position) is unique, so one of them parks at -1 first. */
export async function moveSectionAs(db: Db, user: StaffUserDTO, surveyId: string, sectionId: string, direction: Direction) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  const section = await db.section.findFirst({ where: { id: sectionId, surveyId }, select: { id: true, position: true } });
  if (!section) throw new AuthError('forbidden');
  const neighbour = await db.section.findFirst({
    where: { surveyId, position: direction === 'up' ? { lt: section.position } : { gt: section.position } },
    orderBy: { position: direction === 'up' ? 'desc' : 'asc' },
    select: { id: true, position: true },
  });
  if (!neighbour) return false;
  await asDraftEdit(() => db.$transaction(async (tx) => {
    await stillDraft(tx, surveyId);
    await tx.section.update({ where: { id: section.id }, data: { position: -1 } });
    await tx.section.update({ where: { id: neighbour.id }, data: { position: section.position } });
    await tx.section.update({ where: { id: section.id }, data: { position: neighbour.position } });
    await auditEvent(tx, { actor: user.id, action: 'survey.section_moved', target: `survey:${surveyId}` });
  }));
  return true;
}

/** Swap a question with its neighbour within its section. */
export async function moveQuestionAs(db: Db, user: StaffUserDTO, surveyId: string, questionId: string, direction: Direction) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  const question = await db.question.findFirst({ where: { id: questionId, surveyId }, select: { id: true, sectionId: true, position: true } });
  if (!question) throw new AuthError('forbidden');
  const neighbour = await db.question.findFirst({
    where: { sectionId: question.sectionId, position: direction === 'up' ? { lt: question.position } : { gt: question.position } },
    orderBy: { position: direction === 'up' ? 'desc' : 'asc' },
    select: { id: true, position: true },
  });
  if (!neighbour) return false;
  await asDraftEdit(() => db.$transaction([
    stillDraft(db, surveyId),
    db.question.update({ where: { id: question.id }, data: { position: neighbour.position } }),
    db.question.update({ where: { id: neighbour.id }, data: { position: question.position } }),
    auditEvent(db, { actor: user.id, action: 'survey.question_moved', target: `survey:${surveyId}` }),
  ]));
  return true;
}

/** Publishing refuses a survey with a missing translation (or nothing to ask). */
export async function publishSurveyAs(db: Db, user: StaffUserDTO, surveyId: string): Promise<{ ok: true } | { ok: false; problems: PublishProblem[] }> {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'draft') throw new NotADraftError();
  const full = await db.survey.findUniqueOrThrow({
    where: { id: surveyId },
    select: {
      updatedAt: true,
      title: true,
      description: true,
      sections: { orderBy: { position: 'asc' }, select: { title: true, questions: { select: { key: true, type: true, prompt: true, help: true, options: true, rows: true } } } },
      returnUrlComplete: true,
      returnUrlScreenedOut: true,
      returnUrlQuotaFull: true,
      panelIdKey: true,
      quotas: { select: { name: true, condition: true } },
    },
  });
  const logic = await logicOf(db, surveyId);
  const fieldwork = {
    quotas: full.quotas.map((q) => ({ name: q.name, condition: readConditionLeniently(q.condition) })),
    returnUrls: [full.returnUrlComplete, full.returnUrlScreenedOut, full.returnUrlQuotaFull],
    panelIdKey: full.panelIdKey,
  };
  const problems = [...publishProblems(full as never), ...logicPublishProblems(logic.sections, logic.randomizeSections), ...fieldworkPublishProblems(logic.sections, fieldwork)];
  if (problems.length) return { ok: false, problems };
  // Publishes what was checked: an edit since (every edit moves updatedAt) makes it fail, refused.
  await asDraftEdit(() => db.$transaction([
    db.survey.update({ where: { id: surveyId, status: 'draft', updatedAt: full.updatedAt }, data: { status: 'published' } }),
    auditEvent(db, { actor: user.id, action: 'survey.published', target: `survey:${surveyId}` }),
  ]));
  return { ok: true };
}

export async function closeSurveyAs(db: Db, user: StaffUserDTO, surveyId: string) {
  const survey = await draftInScope(db, user, surveyId);
  if (survey.status !== 'published') return false;
  await db.$transaction([
    db.survey.update({ where: { id: surveyId }, data: { status: 'closed' } }),
    auditEvent(db, { actor: user.id, action: 'survey.closed', target: `survey:${surveyId}` }),
  ]);
  return true;
}

/** The survey's own settings: everything while a draft; afterwards only shorter retention. */
export const surveySettingsSchema = newSurveySchema.omit({ clientId: true, slug: true });

export async function updateSurveyAs(db: Db, user: StaffUserDTO, surveyId: string, input: z.input<typeof surveySettingsSchema>) {
  const survey = await draftInScope(db, user, surveyId);
  const data = surveySettingsSchema.parse(input);
  const retention = {
    retentionContactDays: data.retentionContactDays,
    retentionDemographicDays: data.retentionDemographicDays,
    retentionAnswersDays: data.retentionAnswersDays,
    retentionDraftDays: data.retentionDraftDays,
  };
  // Once respondents may have answered, only retention can change (P6.1 — shortening is always allowed).
  // (Guarded by the status just read: a publish since then makes it a refusal, not a draft edit of a published survey.)
  await asDraftEdit(() => db.$transaction([
    db.survey.update({ where: { id: surveyId, status: survey.status }, data: survey.status === 'draft' ? data : retention }),
    auditEvent(db, { actor: user.id, action: 'survey.updated', target: `survey:${surveyId}` }),
  ]));
}
