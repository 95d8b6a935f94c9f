'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { db } from '@/server/db';
import { boundArg, staffButtonAction, staffFormAction, type ActionState, type FormFields } from '@/server/action';
import {
  addQuestionAs,
  addSectionAs,
  closeSurveyAs,
  createSurveyAs,
  deleteQuestionAs,
  deleteSectionAs,
  moveQuestionAs,
  moveSectionAs,
  publishSurveyAs,
  updateQuestionAs,
  updateSectionAs,
  updateSurveyAs,
} from './commands';
import type { PublishProblem } from './publish-check';
import { addQuotaAs, deleteQuotaAs, updateFieldworkAs, updateQuotaLimitAs } from './fieldwork-commands';
import { env } from '@/server/env';

/**
 * Builder actions (admins and analysts). The wrapper parses the bound ids and checks the role;
 * the commands check the Client scope and the survey's status again.
 */
export type BuilderState = ActionState & { problems?: PublishProblem[] };

const BUILDER_ROLES: ['admin', 'analyst'] = ['admin', 'analyst'];
const BUILDER_PAGE = '/[locale]/admin/surveys/[surveyId]/edit';

const str = (fields: FormFields, key: string) => (fields[key] ?? '').trim();
const text = (fields: FormFields, key: string) => ({ az: str(fields, `${key}_az`), en: str(fields, `${key}_en`) });

/** The survey settings fields shared by the create and edit forms. */
function settingsOf(fields: FormFields) {
  const number = (key: string) => (str(fields, key) ? Number(str(fields, key)) : null);
  return {
    title: text(fields, 'title'),
    description: text(fields, 'description'),
    ageGate: fields.ageGate === 'on',
    acceptsCustomerId: fields.acceptsCustomerId === 'on',
    rewardKind: (fields.rewardKind || null) as never,
    rewardPartner: str(fields, 'rewardPartner') || null,
    sweepstakes: fields.sweepstakes === 'on',
    randomizeSections: fields.randomizeSections === 'on',
    minimumAge: number('minimumAge'),
    country: str(fields, 'country').toUpperCase() || null,
    retentionContactDays: number('retentionContactDays'),
    retentionDemographicDays: number('retentionDemographicDays'),
    retentionAnswersDays: number('retentionAnswersDays'),
    retentionDraftDays: number('retentionDraftDays'),
  };
}

/**
 * Options (and a grid's rows) are typed one per line: `value | label in Azerbaijani | label in
 * English`, and `| last` at the end keeps an option last when the options are shuffled.
 */
function parseOptions(raw: string) {
  return raw
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = '', az = '', en = '', flag = ''] = line.split('|').map((p) => p.trim());
      return { value, label: { az, en }, ...(flag.toLowerCase() === 'last' ? { keepLast: true } : {}) };
    });
}

/** The question fields shared by the add and edit forms. */
function questionOf(fields: FormFields) {
  const help = text(fields, 'help');
  const category = str(fields, 'category');
  const purpose = str(fields, 'contactPurpose');
  return {
    sectionId: str(fields, 'sectionId'),
    key: str(fields, 'key'),
    type: str(fields, 'type') as never,
    category: (category || undefined) as never,
    required: fields.required === 'on',
    prompt: text(fields, 'prompt'),
    help: help.az || help.en ? help : null,
    options: parseOptions(str(fields, 'options')),
    rows: parseOptions(str(fields, 'rows')).map(({ value, label }) => ({ value, label })),
    randomizeOptions: fields.randomizeOptions === 'on',
    contactPurpose: (purpose || null) as never,
    publishable: fields.publishable === 'on',
    showIf: str(fields, 'showIf'),
  };
}

/** The section fields shared by the add and edit forms. */
function sectionOf(fields: FormFields) {
  const description = text(fields, 'sectionDescription');
  return {
    title: text(fields, 'sectionTitle'),
    description: description.az || description.en ? description : null,
    showIf: str(fields, 'showIf'),
    screenOutIf: str(fields, 'screenOutIf'),
    randomizeQuestions: fields.randomizeQuestions === 'on',
  };
}

export const createSurvey = staffFormAction<z.ZodTuple<[typeof boundArg.locale], null>, BuilderState>(
  { name: 'createSurvey', roles: BUILDER_ROLES, bound: z.tuple([boundArg.locale]), unique: 'slug' },
  async ({ user, args: [locale], fields }) => {
    const { id } = await createSurveyAs(db, user, {
      clientId: user.role === 'analyst' ? (user.clientId ?? '') : str(fields, 'clientId'),
      slug: str(fields, 'slug'),
      ...settingsOf(fields),
    });
    redirect({ href: `/admin/surveys/${id}/edit`, locale });
  },
);

const surveyOnly = z.tuple([boundArg.id]);

export const updateSurvey = staffFormAction<typeof surveyOnly, BuilderState>(
  { name: 'updateSurvey', roles: BUILDER_ROLES, bound: surveyOnly },
  async ({ user, args: [surveyId], fields }) => {
    await updateSurveyAs(db, user, surveyId, settingsOf(fields));
    revalidatePath(BUILDER_PAGE, 'page');
    return { ok: true, values: fields };
  },
);

export const addSection = staffFormAction<typeof surveyOnly, BuilderState>(
  { name: 'addSection', roles: BUILDER_ROLES, bound: surveyOnly },
  async ({ user, args: [surveyId], fields }) => {
    await addSectionAs(db, user, surveyId, sectionOf(fields));
    revalidatePath(BUILDER_PAGE, 'page');
  },
);

export const addQuestion = staffFormAction<typeof surveyOnly, BuilderState>(
  { name: 'addQuestion', roles: BUILDER_ROLES, bound: surveyOnly, unique: 'key' },
  async ({ user, args: [surveyId], fields }) => {
    await addQuestionAs(db, user, surveyId, questionOf(fields));
    revalidatePath(BUILDER_PAGE, 'page');
  },
);

const localeSurveyQuestion = z.tuple([boundArg.locale, boundArg.id, boundArg.id]);

export const updateQuestion = staffFormAction<typeof localeSurveyQuestion, BuilderState>(
  { name: 'updateQuestion', roles: BUILDER_ROLES, bound: localeSurveyQuestion, unique: 'key' },
  async ({ user, args: [locale, surveyId, questionId], fields }) => {
    await updateQuestionAs(db, user, surveyId, questionId, questionOf(fields));
    revalidatePath(BUILDER_PAGE, 'page');
    redirect({ href: `/admin/surveys/${surveyId}/edit#question-${questionId}`, locale });
  },
);

const surveyAndId = z.tuple([boundArg.id, boundArg.id]);

export const updateSection = staffFormAction<typeof surveyAndId, BuilderState>(
  { name: 'updateSection', roles: BUILDER_ROLES, bound: surveyAndId },
  async ({ user, args: [surveyId, sectionId], fields }) => {
    await updateSectionAs(db, user, surveyId, sectionId, sectionOf(fields));
    revalidatePath(BUILDER_PAGE, 'page');
    return { ok: true, values: fields };
  },
);

export const publishSurvey = staffFormAction<typeof surveyOnly, BuilderState>(
  { name: 'publishSurvey', roles: BUILDER_ROLES, bound: surveyOnly },
  async ({ user, args: [surveyId] }) => {
    const result = await publishSurveyAs(db, user, surveyId);
    if (!result.ok) return { problems: result.problems };
    revalidatePath(BUILDER_PAGE, 'page');
  },
);

/* Button actions: a refused one renders the 403 page; the page then shows the truth. */

export const deleteSection = staffButtonAction({ name: 'deleteSection', roles: BUILDER_ROLES, bound: surveyAndId }, async ({ user, args: [surveyId, sectionId] }) => {
  await deleteSectionAs(db, user, surveyId, sectionId);
  revalidatePath(BUILDER_PAGE, 'page');
});

const moveArgs = z.tuple([boundArg.id, boundArg.id, boundArg.direction]);

export const moveSection = staffButtonAction({ name: 'moveSection', roles: BUILDER_ROLES, bound: moveArgs }, async ({ user, args: [surveyId, sectionId, direction] }) => {
  await moveSectionAs(db, user, surveyId, sectionId, direction);
  revalidatePath(BUILDER_PAGE, 'page');
});

export const moveQuestion = staffButtonAction({ name: 'moveQuestion', roles: BUILDER_ROLES, bound: moveArgs }, async ({ user, args: [surveyId, questionId, direction] }) => {
  await moveQuestionAs(db, user, surveyId, questionId, direction);
  revalidatePath(BUILDER_PAGE, 'page');
});

export const deleteQuestion = staffButtonAction({ name: 'deleteQuestion', roles: BUILDER_ROLES, bound: surveyAndId }, async ({ user, args: [surveyId, questionId] }) => {
  await deleteQuestionAs(db, user, surveyId, questionId);
  revalidatePath(BUILDER_PAGE, 'page');
});

export const closeSurvey = staffButtonAction({ name: 'closeSurvey', roles: BUILDER_ROLES, bound: surveyOnly }, async ({ user, args: [surveyId] }) => {
  await closeSurveyAs(db, user, surveyId);
  revalidatePath(BUILDER_PAGE, 'page');
});

/* Fieldwork (fieldwork-commands.ts): editable while the survey is live. */

const FIELDWORK_PAGE = '/[locale]/admin/surveys/[surveyId]/fieldwork';
/** A whole number as typed; '' is none; anything else is NaN, which the schema refuses with its own message. */
const wholeNumber = (fields: FormFields, key: string) => (str(fields, key) === '' ? null : /^\d{1,9}$/.test(str(fields, key)) ? Number(str(fields, key)) : Number.NaN);

export const updateFieldwork = staffFormAction<typeof surveyOnly, BuilderState>(
  { name: 'updateFieldwork', roles: BUILDER_ROLES, bound: surveyOnly },
  async ({ user, args: [surveyId], fields }) => {
    await updateFieldworkAs(
      db,
      user,
      surveyId,
      {
        opensAt: str(fields, 'opensAt'),
        closesAt: str(fields, 'closesAt'),
        maxResponses: wholeNumber(fields, 'maxResponses'),
        returnUrlComplete: str(fields, 'returnUrlComplete'),
        returnUrlScreenedOut: str(fields, 'returnUrlScreenedOut'),
        returnUrlQuotaFull: str(fields, 'returnUrlQuotaFull'),
        panelIdKey: str(fields, 'panelIdKey'),
        inviteOnly: fields.inviteOnly === 'on',
        maxReminders: wholeNumber(fields, 'maxReminders') ?? Number.NaN,
        reminderAfterDays: wholeNumber(fields, 'reminderAfterDays'),
      },
      env.APP_TIME_ZONE,
    );
    revalidatePath(FIELDWORK_PAGE, 'page');
    return { ok: true, values: fields };
  },
);

export const addQuota = staffFormAction<typeof surveyOnly, BuilderState>(
  { name: 'addQuota', roles: BUILDER_ROLES, bound: surveyOnly },
  async ({ user, args: [surveyId], fields }) => {
    await addQuotaAs(db, user, surveyId, { name: str(fields, 'name'), condition: str(fields, 'condition'), limit: wholeNumber(fields, 'limit') ?? Number.NaN });
    revalidatePath(FIELDWORK_PAGE, 'page');
  },
);

export const updateQuotaLimit = staffFormAction<typeof surveyAndId, BuilderState>(
  { name: 'updateQuotaLimit', roles: BUILDER_ROLES, bound: surveyAndId },
  async ({ user, args: [surveyId, quotaId], fields }) => {
    await updateQuotaLimitAs(db, user, surveyId, quotaId, wholeNumber(fields, 'limit') ?? Number.NaN);
    revalidatePath(FIELDWORK_PAGE, 'page');
    return { ok: true, values: fields };
  },
);

export const deleteQuota = staffButtonAction({ name: 'deleteQuota', roles: BUILDER_ROLES, bound: surveyAndId }, async ({ user, args: [surveyId, quotaId] }) => {
  await deleteQuotaAs(db, user, surveyId, quotaId);
  revalidatePath(FIELDWORK_PAGE, 'page');
});
