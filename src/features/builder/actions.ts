'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { toLocale } from '@/i18n/routing';
import { db } from '@/server/db';
import { AuthError, requireRole } from '@/server/dal';
import { reportUnexpected } from '@/server/errors';
import {
  addQuestionAs,
  addSectionAs,
  closeSurveyAs,
  createSurveyAs,
  deleteQuestionAs,
  deleteSectionAs,
  type Direction,
  moveQuestionAs,
  moveSectionAs,
  NotADraftError,
  publishSurveyAs,
  updateQuestionAs,
  updateSectionAs,
  updateSurveyAs,
} from './commands';
import type { PublishProblem } from './publish-check';

/** Builder actions: each re-checks the role here, and the commands check scope and status again. */
export type BuilderState = {
  ok?: boolean;
  fieldErrors?: Record<string, string>;
  formError?: 'forbidden' | 'not_a_draft' | 'unexpected';
  problems?: PublishProblem[];
  values?: Record<string, string>;
};

const BUILDER_PAGE = '/[locale]/admin/surveys/[surveyId]/edit';

const str = (formData: FormData, key: string) => String(formData.get(key) ?? '').trim();
const text = (formData: FormData, key: string) => ({ az: str(formData, `${key}_az`), en: str(formData, `${key}_en`) });
const valuesOf = (formData: FormData) =>
  Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$ACTION')).map(([k, v]) => [k, String(v)]));

function failure(error: unknown, values: Record<string, string>, action: string): BuilderState {
  if (error instanceof AuthError) return { formError: 'forbidden' };
  if (error instanceof NotADraftError) return { formError: 'not_a_draft' };
  if (error instanceof z.ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { fieldErrors, values };
  }
  if ((error as { code?: string })?.code === 'P2002') return { fieldErrors: { [action === 'createSurvey' ? 'slug' : 'key']: 'taken' }, values };
  reportUnexpected(error, { action });
  return { formError: 'unexpected', values };
}

/** The survey settings fields shared by the create and edit forms. */
function settingsOf(formData: FormData) {
  const number = (key: string) => (str(formData, key) ? Number(str(formData, key)) : null);
  return {
    title: text(formData, 'title'),
    description: text(formData, 'description'),
    ageGate: formData.get('ageGate') === 'on',
    minimumAge: number('minimumAge'),
    country: str(formData, 'country').toUpperCase() || null,
    retentionContactDays: number('retentionContactDays'),
    retentionDemographicDays: number('retentionDemographicDays'),
    retentionAnswersDays: number('retentionAnswersDays'),
    retentionDraftDays: number('retentionDraftDays'),
  };
}

export async function createSurvey(locale: string, _previous: BuilderState, formData: FormData): Promise<BuilderState> {
  const values = valuesOf(formData);
  let id: string;
  try {
    const user = await requireRole('admin', 'analyst');
    ({ id } = await createSurveyAs(db, user, {
      clientId: user.role === 'analyst' ? (user.clientId ?? '') : str(formData, 'clientId'),
      slug: str(formData, 'slug'),
      ...settingsOf(formData),
    }));
  } catch (error) {
    return failure(error, values, 'createSurvey');
  }
  return redirect({ href: `/admin/surveys/${id}/edit`, locale: toLocale(locale) });
}

export async function updateSurvey(surveyId: string, _previous: BuilderState, formData: FormData): Promise<BuilderState> {
  const values = valuesOf(formData);
  try {
    await updateSurveyAs(db, await requireRole('admin', 'analyst'), surveyId, settingsOf(formData));
  } catch (error) {
    return failure(error, values, 'updateSurvey');
  }
  revalidatePath(BUILDER_PAGE, 'page');
  return { ok: true, values };
}

export async function addSection(surveyId: string, _previous: BuilderState, formData: FormData): Promise<BuilderState> {
  const values = valuesOf(formData);
  try {
    await addSectionAs(db, await requireRole('admin', 'analyst'), surveyId, { title: text(formData, 'sectionTitle') });
  } catch (error) {
    return failure(error, values, 'addSection');
  }
  revalidatePath(BUILDER_PAGE, 'page');
  return { ok: true };
}

/** Options are typed one per line: `value | label in Azerbaijani | label in English`. */
function parseOptions(raw: string) {
  return raw
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = '', az = '', en = ''] = line.split('|').map((p) => p.trim());
      return { value, label: { az, en } };
    });
}

/** The question fields shared by the add and edit forms. */
function questionOf(formData: FormData) {
  const help = text(formData, 'help');
  const category = str(formData, 'category');
  const purpose = str(formData, 'contactPurpose');
  return {
    sectionId: str(formData, 'sectionId'),
    key: str(formData, 'key'),
    type: str(formData, 'type') as never,
    category: (category || undefined) as never,
    required: formData.get('required') === 'on',
    prompt: text(formData, 'prompt'),
    help: help.az || help.en ? help : null,
    options: parseOptions(str(formData, 'options')),
    contactPurpose: (purpose || null) as never,
    publishable: formData.get('publishable') === 'on',
  };
}

export async function addQuestion(surveyId: string, _previous: BuilderState, formData: FormData): Promise<BuilderState> {
  const values = valuesOf(formData);
  try {
    await addQuestionAs(db, await requireRole('admin', 'analyst'), surveyId, questionOf(formData));
  } catch (error) {
    return failure(error, values, 'addQuestion');
  }
  revalidatePath(BUILDER_PAGE, 'page');
  return { ok: true };
}

export async function updateQuestion(locale: string, surveyId: string, questionId: string, _previous: BuilderState, formData: FormData): Promise<BuilderState> {
  const values = valuesOf(formData);
  try {
    await updateQuestionAs(db, await requireRole('admin', 'analyst'), surveyId, questionId, questionOf(formData));
  } catch (error) {
    return failure(error, values, 'updateQuestion');
  }
  revalidatePath(BUILDER_PAGE, 'page');
  return redirect({ href: `/admin/surveys/${surveyId}/edit#question-${questionId}`, locale: toLocale(locale) });
}

export async function updateSection(surveyId: string, sectionId: string, _previous: BuilderState, formData: FormData): Promise<BuilderState> {
  const values = valuesOf(formData);
  try {
    await updateSectionAs(db, await requireRole('admin', 'analyst'), surveyId, sectionId, { title: text(formData, 'sectionTitle') });
  } catch (error) {
    return failure(error, values, 'updateSection');
  }
  revalidatePath(BUILDER_PAGE, 'page');
  return { ok: true, values };
}

/** Form-only actions (delete, move, close): a refused one changes nothing and the page shows the truth. */
async function quietly(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof AuthError || error instanceof NotADraftError)) throw error;
  }
  revalidatePath(BUILDER_PAGE, 'page');
}

export async function deleteSection(surveyId: string, sectionId: string): Promise<void> {
  await quietly(async () => deleteSectionAs(db, await requireRole('admin', 'analyst'), surveyId, sectionId));
}

export async function moveSection(surveyId: string, sectionId: string, direction: Direction): Promise<void> {
  await quietly(async () => moveSectionAs(db, await requireRole('admin', 'analyst'), surveyId, sectionId, direction));
}

export async function moveQuestion(surveyId: string, questionId: string, direction: Direction): Promise<void> {
  await quietly(async () => moveQuestionAs(db, await requireRole('admin', 'analyst'), surveyId, questionId, direction));
}

export async function deleteQuestion(surveyId: string, questionId: string): Promise<void> {
  await quietly(async () => deleteQuestionAs(db, await requireRole('admin', 'analyst'), surveyId, questionId));
}

export async function publishSurvey(surveyId: string, _previous: BuilderState, _formData: FormData): Promise<BuilderState> {
  try {
    const result = await publishSurveyAs(db, await requireRole('admin', 'analyst'), surveyId);
    if (!result.ok) return { problems: result.problems };
  } catch (error) {
    return failure(error, {}, 'publishSurvey');
  }
  revalidatePath(BUILDER_PAGE, 'page');
  return { ok: true };
}

export async function closeSurvey(surveyId: string): Promise<void> {
  await quietly(async () => closeSurveyAs(db, await requireRole('admin', 'analyst'), surveyId));
}
