import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { localizedTextSchema, type LocalizedText } from '@/lib/localized-text';
import type { ContactPurpose, DataCategory, QuestionType } from '@/generated/sqlite';
import { COMPLETED_TOKEN_KEPT_MS, draftOpenedBy } from './resume-token';
import type { AnswerValue } from './schemas';

/** What a respondent's pages need of a survey (DTOs: explicit selects, parsed texts). */
export type OptionDTO = { value: string; label: LocalizedText };
export type QuestionDTO = {
  id: string;
  key: string;
  type: QuestionType;
  category: DataCategory;
  required: boolean;
  prompt: LocalizedText;
  help: LocalizedText | null;
  options: OptionDTO[];
  contactPurpose: ContactPurpose | null;
  publishable: boolean;
};
export type SectionDTO = { id: string; position: number; title: LocalizedText; description: LocalizedText | null; questions: QuestionDTO[] };
export type SurveyDTO = {
  id: string;
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  /** policy: P11.1 — ask the birth date before anything else. */
  ageGate: boolean;
  minimumAge: number | null;
  country: string | null;
  sections: SectionDTO[];
};
export type SurveySummaryDTO = { slug: string; title: LocalizedText; description: LocalizedText };

const optionsSchema = z.array(z.object({ value: z.string().min(1), label: localizedTextSchema }).strict());

export async function getPublishedSurvey(db: Db, slug: string): Promise<SurveyDTO | null> {
  const survey = await db.survey.findFirst({
    where: { slug, status: 'published' },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      ageGate: true,
      minimumAge: true,
      country: true,
      sections: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          position: true,
          title: true,
          description: true,
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
              contactPurpose: true,
              publishable: true,
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
    minimumAge: survey.minimumAge,
    country: survey.country,
    sections: survey.sections.map((s) => ({
      id: s.id,
      position: s.position,
      title: localizedTextSchema.parse(s.title),
      description: s.description == null ? null : localizedTextSchema.parse(s.description),
      questions: s.questions.map((q) => ({
        id: q.id,
        key: q.key,
        type: q.type,
        category: q.category,
        required: q.required,
        prompt: localizedTextSchema.parse(q.prompt),
        help: q.help == null ? null : localizedTextSchema.parse(q.help),
        options: q.options == null ? [] : optionsSchema.parse(q.options),
        contactPurpose: q.contactPurpose,
        publishable: q.publishable && q.type === 'long_text',
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
};

/** The in-progress draft a resume token opens — only for this survey, only its own. */
export async function findDraft(db: Db, surveyId: string, token: string | undefined): Promise<DraftDTO | null> {
  const where = draftOpenedBy(surveyId, token);
  if (!where) return null;
  const draft = await db.response.findFirst({
    where,
    select: {
      id: true,
      currentSection: true,
      answers: {
        select: { value: true, question: { select: { key: true } }, publication: { select: { revokedAt: true } } },
      },
    },
  });
  if (!draft) return null;
  return {
    id: draft.id,
    currentSection: draft.currentSection,
    answers: Object.fromEntries(draft.answers.map((a) => [a.question.key, a.value as AnswerValue])),
    publishing: draft.answers.filter((a) => a.publication && !a.publication.revokedAt).map((a) => a.question.key),
  };
}

/**
 * The response this browser's resume token completed within the last hour: a Finish sent again
 * (a double click, a resent form) is then recognised as done rather than as an expired session.
 */
export async function findCompletedBy(db: Db, surveyId: string, token: string | undefined, now = new Date()): Promise<{ id: string } | null> {
  const where = draftOpenedBy(surveyId, token);
  if (!where) return null;
  return db.response.findFirst({
    where: { ...where, status: 'completed', completedAt: { gte: new Date(now.getTime() - COMPLETED_TOKEN_KEPT_MS) } },
    select: { id: true },
  });
}

export async function getCompletedAt(db: Db, responseId: string, surveySlug: string): Promise<Date | null> {
  const row = await db.response.findFirst({
    // Only a response of the survey the page is about (another survey's, or Client's, shows nothing).
    where: { id: responseId, status: 'completed', survey: { slug: surveySlug } },
    select: { completedAt: true },
  });
  return row?.completedAt ?? null;
}
