import type { Db } from '@/server/create-db';
import { draftOptionsSchema, draftTextSchema } from '@/lib/localized-text';
import { clientScope, type StaffUserDTO } from '@/server/authz';
import { formatCondition, readConditionLeniently, type Condition } from '@/features/survey/logic';

/** policy: P5.5 — the surveys a staff member may see: all for admins, their Client's for analysts. */
export async function listSurveysForStaff(db: Db, user: StaffUserDTO) {
  const rows = await db.survey.findMany({
    where: clientScope(user),
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      slug: true,
      status: true,
      title: true,
      client: { select: { name: true } },
      _count: { select: { responses: true } },
    },
  });
  const completed = await db.response.groupBy({
    by: ['surveyId'],
    where: { status: 'completed', surveyId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    status: r.status,
    title: draftTextSchema.parse(r.title),
    clientName: r.client.name,
    responses: r._count.responses,
    completed: completed.find((c) => c.surveyId === r.id)?._count._all ?? 0,
  }));
}

/** A survey as the builder shows it (drafts included) — only within the user's scope (P5.5). */
export async function getSurveyForBuilder(db: Db, user: StaffUserDTO, surveyId: string) {
  const survey = await db.survey.findFirst({
    where: { id: surveyId, ...clientScope(user) },
    select: {
      id: true,
      slug: true,
      status: true,
      title: true,
      description: true,
      ageGate: true,
      acceptsCustomerId: true,
      rewardKind: true,
      rewardPartner: true,
      sweepstakes: true,
      randomizeSections: true,
      minimumAge: true,
      country: true,
      retentionContactDays: true,
      retentionDemographicDays: true,
      retentionAnswersDays: true,
      retentionDraftDays: true,
      client: { select: { name: true } },
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
            select: { id: true, sectionId: true, key: true, type: true, category: true, required: true, prompt: true, help: true, options: true, rows: true, randomizeOptions: true, contactPurpose: true, publishable: true, showIf: true, _count: { select: { answers: true } } },
          },
        },
      },
    },
  });
  if (!survey) return null;
  return {
    ...survey,
    title: draftTextSchema.parse(survey.title),
    description: draftTextSchema.parse(survey.description),
    sections: survey.sections.map((s) => ({
      ...s,
      title: draftTextSchema.parse(s.title),
      description: s.description == null ? null : draftTextSchema.parse(s.description),
      showIf: readConditionLeniently(s.showIf),
      screenOutIf: readConditionLeniently(s.screenOutIf),
      questions: s.questions.map((q) => ({
        ...q,
        showIf: readConditionLeniently(q.showIf),
        prompt: draftTextSchema.parse(q.prompt),
        help: q.help == null ? null : draftTextSchema.parse(q.help),
        options: q.options == null ? [] : draftOptionsSchema.parse(q.options),
        rows: q.rows == null ? [] : draftOptionsSchema.parse(q.rows),
        answers: q._count.answers,
      })),
    })),
  };
}

/** The sections a question can be placed in, labelled "1. Title" in the page's language. */
export function sectionChoices(survey: { sections: { id: string; position: number; title: { az: string; en: string } }[] }, locale: 'az' | 'en') {
  return survey.sections.map((s) => ({ id: s.id, label: `${s.position + 1}. ${s.title[locale] || s.title.az || s.title.en}` }));
}

/** The values a question's edit form starts from: the same field names the add form posts. */
export function questionFormValues(q: {
  sectionId: string;
  key: string;
  type: string;
  category: string;
  required: boolean;
  prompt: { az: string; en: string };
  help: { az: string; en: string } | null;
  options: { value: string; label: { az: string; en: string }; keepLast?: boolean }[];
  rows: { value: string; label: { az: string; en: string } }[];
  randomizeOptions: boolean;
  contactPurpose: string | null;
  publishable: boolean;
  showIf: Condition | null;
}): Record<string, string> {
  return {
    sectionId: q.sectionId,
    key: q.key,
    type: q.type,
    category: q.category,
    required: q.required ? 'on' : '',
    prompt_az: q.prompt.az,
    prompt_en: q.prompt.en,
    help_az: q.help?.az ?? '',
    help_en: q.help?.en ?? '',
    options: q.options.map((o) => `${o.value} | ${o.label.az} | ${o.label.en}${o.keepLast ? ' | last' : ''}`).join('\n'),
    rows: q.rows.map((r) => `${r.value} | ${r.label.az} | ${r.label.en}`).join('\n'),
    randomizeOptions: q.randomizeOptions ? 'on' : '',
    contactPurpose: q.contactPurpose ?? '',
    publishable: q.publishable ? 'on' : '',
    showIf: formatCondition(q.showIf),
  };
}

/** The values a section's edit form starts from. */
export function sectionFormValues(s: { title: { az: string; en: string }; description: { az: string; en: string } | null; showIf: Condition | null; screenOutIf: Condition | null; randomizeQuestions: boolean }): Record<string, string> {
  return {
    randomizeQuestions: s.randomizeQuestions ? 'on' : '',
    sectionTitle_az: s.title.az,
    sectionTitle_en: s.title.en,
    sectionDescription_az: s.description?.az ?? '',
    sectionDescription_en: s.description?.en ?? '',
    showIf: formatCondition(s.showIf),
    screenOutIf: formatCondition(s.screenOutIf),
  };
}
