'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { toLocale } from '@/i18n/routing';
import { db } from '@/server/db';
import { AuthError, requireRole } from '@/server/dal';
import { reportUnexpected } from '@/server/errors';
import { addQuestionAs, addSectionAs, closeSurveyAs, createSurveyAs, deleteQuestionAs, NotADraftError, publishSurveyAs, updateSurveyAs } from './commands';
import type { PublishProblem } from './publish-check';

/** Builder actions: each re-checks the role here, and the commands check scope and status again. */
export type BuilderState = {
  ok?: boolean;
  fieldErrors?: Record<string, string>;
  formError?: 'forbidden' | 'not_a_draft' | 'unexpected';
  problems?: PublishProblem[];
  values?: Record<string, string>;
};

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
  revalidatePath('/[locale]/admin/surveys/[surveyId]/edit', 'page');
  return { ok: true, values };
}

export async function addSection(surveyId: string, _previous: BuilderState, formData: FormData): Promise<BuilderState> {
  const values = valuesOf(formData);
  try {
    await addSectionAs(db, await requireRole('admin', 'analyst'), surveyId, { title: text(formData, 'sectionTitle') });
  } catch (error) {
    return failure(error, values, 'addSection');
  }
  revalidatePath('/[locale]/admin/surveys/[surveyId]/edit', 'page');
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

export async function addQuestion(surveyId: string, _previous: BuilderState, formData: FormData): Promise<BuilderState> {
  const values = valuesOf(formData);
  try {
    const help = text(formData, 'help');
    const category = str(formData, 'category');
    const purpose = str(formData, 'contactPurpose');
    await addQuestionAs(db, await requireRole('admin', 'analyst'), surveyId, {
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
    });
  } catch (error) {
    return failure(error, values, 'addQuestion');
  }
  revalidatePath('/[locale]/admin/surveys/[surveyId]/edit', 'page');
  return { ok: true };
}

export async function deleteQuestion(surveyId: string, questionId: string): Promise<void> {
  try {
    await deleteQuestionAs(db, await requireRole('admin', 'analyst'), surveyId, questionId);
  } catch (error) {
    if (!(error instanceof AuthError || error instanceof NotADraftError)) throw error;
  }
  revalidatePath('/[locale]/admin/surveys/[surveyId]/edit', 'page');
}

export async function publishSurvey(surveyId: string, _previous: BuilderState, _formData: FormData): Promise<BuilderState> {
  try {
    const result = await publishSurveyAs(db, await requireRole('admin', 'analyst'), surveyId);
    if (!result.ok) return { problems: result.problems };
  } catch (error) {
    return failure(error, {}, 'publishSurvey');
  }
  revalidatePath('/[locale]/admin/surveys/[surveyId]/edit', 'page');
  return { ok: true };
}

export async function closeSurvey(surveyId: string): Promise<void> {
  try {
    await closeSurveyAs(db, await requireRole('admin', 'analyst'), surveyId);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
  }
  revalidatePath('/[locale]/admin/surveys/[surveyId]/edit', 'page');
}
