import { CUSTOMER_ID } from '@/features/client-data/customer-id';
import { HIDDEN_FIELD_MAX } from './question-types';
import { isHiddenField } from './path';
import type { QuestionDTO, SurveyDTO } from './queries';

/**
 * What a survey link may carry into a response: the Client's customer id (P4.4) where the survey
 * accepts one, and the survey's declared hidden fields (`?store=baku-28&src=sms`). policy: P2.1 —
 * a parameter the survey does not declare is dropped, as is a value that is not one line of
 * plain text of at most HIDDEN_FIELD_MAX characters, or a parameter given twice in the link.
 * Plain text means letters, digits, spaces and `_ . , : @ + / # -`: no control, format or bidi
 * characters (a piped value is shown on the page, so it must read as what it is). The values are
 * whatever the link says — a respondent can edit them — so logic on them routes, it does not guard.
 */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The start form's field of a hidden field (the survey's own field names cannot collide with the form's). */
const fieldOf = (key: string) => `link_${key}`;

const PLAIN_TEXT = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} _.,:@+/#-]*$/u;

function cleanValue(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const value = raw.trim();
  return value.length > 0 && value.length <= HIDDEN_FIELD_MAX && PLAIN_TEXT.test(value) ? value : null;
}

export const hiddenFieldsOf = (survey: Pick<SurveyDTO, 'sections'>): QuestionDTO[] => survey.sections.flatMap((s) => s.questions.filter(isHiddenField));

/** The link's values the survey declares, as the start form's hidden inputs. */
export function linkValuesOf(survey: Pick<SurveyDTO, 'sections' | 'acceptsCustomerId'>, query: SearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  if (survey.acceptsCustomerId && typeof query.customer === 'string' && CUSTOMER_ID.test(query.customer)) fields.customer = query.customer;
  for (const q of hiddenFieldsOf(survey)) {
    const value = cleanValue(query[q.key]);
    if (value !== null) fields[fieldOf(q.key)] = value;
  }
  return fields;
}

/**
 * An invitation's stored values (invitations/) as the hidden fields they fill: checked like a
 * link's, so a value that was fine when uploaded but is no field now is dropped.
 */
export function invitedHiddenValues(survey: Pick<SurveyDTO, 'sections'>, stored: unknown): { question: QuestionDTO; value: string }[] {
  const values = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  return hiddenValuesFromForm(survey, Object.fromEntries(hiddenFieldsOf(survey).map((q) => [fieldOf(q.key), typeof values[q.key] === 'string' ? (values[q.key] as string) : undefined])));
}

/** The hidden fields' values from a posted start form, checked again (the form is the client's). */
export function hiddenValuesFromForm(survey: Pick<SurveyDTO, 'sections'>, fields: Record<string, string | undefined>): { question: QuestionDTO; value: string }[] {
  return hiddenFieldsOf(survey).flatMap((question) => {
    const value = cleanValue(fields[fieldOf(question.key)]);
    return value === null ? [] : [{ question, value }];
  });
}

/** The link parameters to keep when the start page is shown again (an age-gate error). */
export function linkQueryFromForm(survey: Pick<SurveyDTO, 'sections' | 'acceptsCustomerId'>, fields: Record<string, string | undefined>): Record<string, string> {
  const query: Record<string, string> = {};
  if (survey.acceptsCustomerId && CUSTOMER_ID.test(fields.customer ?? '')) query.customer = fields.customer!;
  for (const { question, value } of hiddenValuesFromForm(survey, fields)) query[question.key] = value;
  return query;
}
