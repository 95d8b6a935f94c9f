import { z } from 'zod';
import { processWide, type Db } from '@/server/create-db';
import { fromJsonColumn, sqlFor } from '@/server/sql';
import { localizedTextSchema, type LocalizedText } from '@/lib/localized-text';
import type { ContactPurpose, DataCategory, QuestionType } from '@/generated/sqlite';
import { COMPLETED_TOKEN_KEPT_MS, draftOpenedBy } from './resume-token';
import type { AnswerValue } from './schemas';
import { readCondition, type Condition } from './logic';
import { displayOrderSchema, type DisplayOrder } from './display-order';
import type { QuotaDTO, ScheduleDTO } from './fieldwork';
import { readQuotas } from './quotas';
import { log } from '@/server/log';

/** What a respondent's pages need of a survey (DTOs: explicit selects, parsed texts). */
/** `keepLast`: stays last when the options are shuffled (other, none). */
export type OptionDTO = { value: string; label: LocalizedText; keepLast?: boolean };
export type QuestionDTO = {
  id: string;
  key: string;
  type: QuestionType;
  category: DataCategory;
  required: boolean;
  prompt: LocalizedText;
  help: LocalizedText | null;
  options: OptionDTO[];
  /** A grid's rows (its scale is `options`). */
  rows: OptionDTO[];
  /** Shuffled per respondent (display-order.ts). */
  randomizeOptions: boolean;
  contactPurpose: ContactPurpose | null;
  publishable: boolean;
  /** Skip logic: asked only when this holds over earlier answers (path.ts). */
  showIf: Condition | null;
};
export type SectionDTO = {
  id: string;
  position: number;
  title: LocalizedText;
  description: LocalizedText | null;
  showIf: Condition | null;
  /** Its questions shuffled per respondent (display-order.ts). */
  randomizeQuestions: boolean;
  /** Screen-out: once this section is sent, the response ends "screened out" when this holds (fieldwork.ts). */
  screenOutIf: Condition | null;
  questions: QuestionDTO[];
};
export type SurveyDTO = {
  id: string;
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  /** policy: P11.1 — ask the birth date before anything else. */
  ageGate: boolean;
  minimumAge: number | null;
  country: string | null;
  /** policy: P4.4 — whether the link's `customer` parameter is kept with the response. */
  acceptsCustomerId: boolean;
  /** policy: P8.1 — a reward is earned on completion (with a contact email), if the survey offers one. */
  rewardKind: 'voucher' | 'loyalty_bonus' | null;
  rewardPartner: string | null;
  /** The sections after the first shuffled per respondent (display-order.ts). */
  randomizeSections: boolean;
  /** Fieldwork (fieldwork.ts): when respondents may start, the cap, the quotas. */
  schedule: ScheduleDTO;
  quotas: QuotaDTO[];
  /** The hidden field naming a panel's respondent: one response per value (panel-id.ts). */
  panelIdKey: string | null;
  /** Only an invitation's personal link starts it (invitations/). */
  inviteOnly: boolean;
  sections: SectionDTO[];
};
export type SurveySummaryDTO = { slug: string; title: LocalizedText; description: LocalizedText };

const optionsSchema = z.array(z.object({ value: z.string().min(1), label: localizedTextSchema, keepLast: z.boolean().optional() }).strict());

/**
 * A published survey's definition, read once per process and version (issue 11: it was three
 * statements and a parse of every text on each request). Its content cannot change while it is
 * published (the builder edits drafts only, builder/commands.ts), and every change of status or
 * settings moves `updatedAt`: so each request asks only "is this slug published, at which
 * version?" — one prepared statement — and a closed or republished survey is seen at once, in
 * every instance.
 */
type Definitions = Map<string, { version: string; survey: SurveyDTO | null }>;
/** Per client, process-wide: pages, actions and metadata are separate chunks of this module (create-db.ts processWide). */
const definitionsByDb = processWide<Definitions>('survey.definitions');
const MAX_DEFINITIONS = 500;

export async function getPublishedSurvey(db: Db, slug: string): Promise<SurveyDTO | null> {
  const sql = await sqlFor(db);
  const [row] = await sql.all<{ id: string; updatedAt: unknown }>(`SELECT "id", "updatedAt" FROM "Survey" WHERE "slug" = ? AND "status" = 'published'`, [slug]);
  if (!row) return null;
  const version = row.updatedAt instanceof Date ? row.updatedAt.toISOString() : String(row.updatedAt);
  let definitions = definitionsByDb.get(db);
  if (!definitions) definitionsByDb.set(db, (definitions = new Map()));
  const cached = definitions.get(row.id);
  if (cached?.version === version) return cached.survey;
  const survey = await loadPublishedSurvey(db, row.id);
  definitions.delete(row.id);
  definitions.set(row.id, { version, survey });
  if (definitions.size > MAX_DEFINITIONS) definitions.delete(definitions.keys().next().value!);
  return survey;
}

async function loadPublishedSurvey(db: Db, id: string): Promise<SurveyDTO | null> {
  const survey = await db.survey.findFirst({
    where: { id, status: 'published' },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      ageGate: true,
      acceptsCustomerId: true,
      rewardKind: true,
      rewardPartner: true,
      randomizeSections: true,
      minimumAge: true,
      country: true,
      opensAt: true,
      closesAt: true,
      maxResponses: true,
      panelIdKey: true,
      inviteOnly: true,
      quotas: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true, name: true, condition: true, limit: true } },
      sections: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          position: true,
          title: true,
          description: true,
          showIf: true,
          randomizeQuestions: true,
          screenOutIf: true,
          questions: {
            orderBy: { position: 'asc' },
            select: {
              id: true,
              key: true,
              type: true,
              category: true,
              required: true,
              prompt: true,
              help: true,
              options: true,
              rows: true,
              randomizeOptions: true,
              contactPurpose: true,
              publishable: true,
              showIf: true,
            },
          },
        },
      },
    },
  });
  if (!survey || survey.sections.length === 0) return null;
  return {
    id: survey.id,
    slug: survey.slug,
    title: localizedTextSchema.parse(survey.title),
    description: localizedTextSchema.parse(survey.description),
    ageGate: survey.ageGate,
    acceptsCustomerId: survey.acceptsCustomerId,
    rewardKind: survey.rewardKind,
    rewardPartner: survey.rewardPartner,
    randomizeSections: survey.randomizeSections,
    minimumAge: survey.minimumAge,
    country: survey.country,
    schedule: { opensAt: survey.opensAt, closesAt: survey.closesAt, maxResponses: survey.maxResponses },
    quotas: readQuotas(survey.quotas),
    panelIdKey: survey.panelIdKey,
    inviteOnly: survey.inviteOnly,
    sections: survey.sections.map((s) => ({
      id: s.id,
      position: s.position,
      title: localizedTextSchema.parse(s.title),
      description: s.description == null ? null : localizedTextSchema.parse(s.description),
      showIf: readCondition(s.showIf),
      randomizeQuestions: s.randomizeQuestions,
      screenOutIf: readCondition(s.screenOutIf),
      questions: s.questions.map((q) => ({
        id: q.id,
        key: q.key,
        type: q.type,
        category: q.category,
        required: q.required,
        prompt: localizedTextSchema.parse(q.prompt),
        help: q.help == null ? null : localizedTextSchema.parse(q.help),
        options: q.options == null ? [] : optionsSchema.parse(q.options),
        rows: q.rows == null ? [] : optionsSchema.parse(q.rows),
        randomizeOptions: q.randomizeOptions,
        contactPurpose: q.contactPurpose,
        publishable: q.publishable && q.type === 'long_text',
        showIf: readCondition(q.showIf),
      })),
    })),
  };
}

export async function listPublishedSurveys(db: Db): Promise<SurveySummaryDTO[]> {
  const rows = await db.survey.findMany({
    where: { status: 'published' },
    orderBy: { createdAt: 'asc' },
    select: { slug: true, title: true, description: true },
  });
  return rows.map((r) => ({
    slug: r.slug,
    title: localizedTextSchema.parse(r.title),
    description: localizedTextSchema.parse(r.description),
  }));
}

export type DraftDTO = {
  id: string;
  currentSection: number;
  answers: Record<string, AnswerValue>;
  /** policy: P3.3 — keys of comments the respondent currently allows to be published. */
  publishing: string[];
  /** The order this respondent is shown (randomization), fixed when they started. */
  displayOrder: DisplayOrder | null;
};

/**
 * The in-progress draft a resume token opens — only for this survey, only its own — with its
 * answers and their publication choices, in one statement (the hot path, src/server/sql.ts).
 */
export async function findDraft(db: Db, surveyId: string, token: string | undefined): Promise<DraftDTO | null> {
  const where = draftOpenedBy(surveyId, token);
  if (!where) return null;
  const sql = await sqlFor(db);
  const rows = await sql.all<{ id: string; currentSection: number; displayOrder: unknown; key: string | null; value: unknown; publication: string | null; revokedAt: unknown }>(
    `SELECT r."id", r."currentSection", r."displayOrder", q."key", a."value", p."id" AS "publication", p."revokedAt"
       FROM "Response" r
       LEFT JOIN "Answer" a ON a."responseId" = r."id"
       LEFT JOIN "Question" q ON q."id" = a."questionId"
       LEFT JOIN "PublicationPermission" p ON p."answerId" = a."id"
      WHERE r."resumeTokenHash" = ? AND r."surveyId" = ? AND r."status" = 'in_progress'`,
    [where.resumeTokenHash, where.surveyId],
  );
  const first = rows[0];
  if (!first) return null;
  const answered = rows.filter((r) => r.key !== null);
  return {
    id: first.id,
    currentSection: Number(first.currentSection),
    answers: Object.fromEntries(answered.map((r) => [r.key, fromJsonColumn(sql.provider, r.value) as AnswerValue])),
    publishing: answered.filter((r) => r.publication !== null && r.revokedAt === null).map((r) => r.key!),
    displayOrder: readDisplayOrder(first.id, first.displayOrder === null ? null : fromJsonColumn(sql.provider, first.displayOrder)),
  };
}

/** A stored display order, or null (the survey's own order) — logged when it does not parse: the draft's place may then differ. */
function readDisplayOrder(responseId: string, json: unknown): DisplayOrder | null {
  if (json == null) return null;
  const parsed = displayOrderSchema.safeParse(json);
  if (!parsed.success) log('warn', 'display_order_unreadable', { responseId });
  return parsed.success ? parsed.data : null;
}

/**
 * The response this browser's resume token finished within the last hour — completed, or ended
 * early (screened out, quota full): a Finish sent again (a double click, a resent form) is then
 * recognised as finished rather than as an expired session, and ends where the first one did.
 */
export async function findFinishedBy(db: Db, surveyId: string, token: string | undefined, now = new Date()): Promise<{ id: string; status: FinishedStatus } | null> {
  const opened = draftOpenedBy(surveyId, token);
  if (!opened) return null;
  const since = new Date(now.getTime() - COMPLETED_TOKEN_KEPT_MS);
  const row = await db.response.findFirst({
    where: { surveyId: opened.surveyId, resumeTokenHash: opened.resumeTokenHash, OR: [{ status: 'completed', completedAt: { gte: since } }, { status: { in: ['screened_out', 'quota_full'] }, abandonedAt: { gte: since } }] },
    select: { id: true, status: true },
  });
  return row ? { id: row.id, status: row.status as FinishedStatus } : null;
}

export type FinishedStatus = 'completed' | 'screened_out' | 'quota_full';
