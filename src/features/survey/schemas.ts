import { z } from 'zod';
import { HINT_FIELDS } from '@/features/consent/collection-schemas';
import { isGridAnswer, PUBLISH_SUFFIX, publishFieldOf, splitGridField } from './field-names';
import type { DataCategory, QuestionType } from '@/generated/sqlite';
import {
  GENDER_VALUES,
  LONG_TEXT_MAX,
  NPS_MAX,
  NPS_MIN,
  RATING_MAX,
  RATING_MIN,
  SHORT_TEXT_MAX,
  HIDDEN_FIELD_MAX,
} from './question-types';

/**
 * Validation of a respondent's answers, shared by the form and the server action.
 * Messages are translation keys (Errors.*), rendered in the respondent's locale.
 */
export const ANSWER_ERROR_CODES = [
  'required',
  'invalid',
  'invalid_choice',
  'out_of_range',
  'too_long',
  'invalid_email',
  'invalid_phone',
  'invalid_date',
  'date_in_future',
  'date_too_early',
  'invalid_postal_code',
  'grid_incomplete',
] as const;
export type AnswerErrorCode = (typeof ANSWER_ERROR_CODES)[number];

/** Errors about the form as a whole rather than one field. */
export const FORM_ERROR_CODES = ['unknown_field', 'session_expired', 'stale_page', 'unexpected', 'busy', 'unavailable', 'invalid_characters'] as const;
export type FormErrorCode = (typeof FORM_ERROR_CODES)[number];

/** A grid's answer is one scale value per row: `{ row: value }`. */
export type AnswerValue = string | number | string[] | Record<string, string>;

export type QuestionRule = {
  key: string;
  type: QuestionType;
  category: DataCategory;
  required: boolean;
  options: { value: string }[];
  /** A grid's rows (its scale is `options`). */
  rows?: { value: string }[];
  /** policy: P3.3 — a comment that may be published with the respondent's permission. */
  publishable?: boolean;
};


/** `complete`: moving on or finishing (required enforced); `partial`: going back or switching language. */
export type ValidationMode = 'complete' | 'partial';

const EARLIEST_BIRTH_DATE = '1900-01-01';

function integerIn(min: number, max: number) {
  return z
    .string()
    .regex(/^-?\d{1,3}$/, 'out_of_range')
    .transform(Number)
    .pipe(z.number().int().min(min, 'out_of_range').max(max, 'out_of_range'));
}

/** The zod schema of one question type's value (already trimmed, never empty). */
export function valueSchema(question: QuestionRule, today: string): z.ZodType<AnswerValue> {
  const choices = question.options.map((o) => o.value);
  switch (question.type) {
    case 'single_choice':
      return z.string().refine((v) => choices.includes(v), 'invalid_choice');
    case 'multiple_choice':
      return z
        .array(z.string().refine((v) => choices.includes(v), 'invalid_choice'))
        .refine((vs) => new Set(vs).size === vs.length, 'invalid_choice');
    case 'rating':
      return integerIn(RATING_MIN, RATING_MAX);
    case 'nps':
      return integerIn(NPS_MIN, NPS_MAX);
    case 'short_text':
      return z.string().max(SHORT_TEXT_MAX, 'too_long');
    case 'long_text':
      return z.string().max(LONG_TEXT_MAX, 'too_long');
    case 'email':
      // Lower-cased so a data-subject request finds every answer given under one address (P7.2).
      return z.string().max(254, 'invalid_email').pipe(z.email('invalid_email')).transform((v) => v.toLowerCase());
    case 'phone':
      return z
        .string()
        .regex(/^\+?[0-9(][0-9 ()-]*[0-9]$/, 'invalid_phone')
        .refine((v) => {
          const digits = v.replace(/\D/g, '').length;
          return digits >= 7 && digits <= 15;
        }, 'invalid_phone')
        .transform((v) => v.replace(/[\s()-]/g, ''));
    case 'gender':
      return z.enum(GENDER_VALUES, 'invalid_choice');
    case 'birth_date':
      return z
        .iso.date('invalid_date')
        .refine((v) => v <= today, 'date_in_future')
        .refine((v) => v >= EARLIEST_BIRTH_DATE, 'date_too_early');
    case 'grid': {
      // One scale value per row, only the grid's own rows (a forged row is an invalid answer).
      const rows = (question.rows ?? []).map((r) => r.value);
      // Checked on the object as posted (every own key, `__proto__` included), then copied row by row.
      return z
        .unknown()
        .refine(
          (answer): answer is Record<string, string> =>
            isGridAnswer(answer) && Object.entries(answer).every(([row, v]) => rows.includes(row) && typeof v === 'string' && choices.includes(v)),
          'invalid_choice',
        )
        .transform((answer) => Object.fromEntries(rows.filter((row) => Object.hasOwn(answer, row)).map((row) => [row, answer[row]!]))) as z.ZodType<AnswerValue>;
    }
    case 'hidden':
      // A value from the survey link (path.ts isHiddenField): plain text of bounded length.
      return z.string().max(HIDDEN_FIELD_MAX, 'too_long');
    case 'postal_code':
      return z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]$/, 'invalid_postal_code')
        .transform((v) => v.toUpperCase());
  }
}

/** Blank input means "not answered": '' and [] become undefined; strings are trimmed. */
function normalizeBlank(input: unknown): unknown {
  if (typeof input === 'string') {
    const trimmed = input.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (Array.isArray(input)) {
    const kept = input.filter((v) => !(typeof v === 'string' && v.trim() === ''));
    return kept.length === 0 ? undefined : kept;
  }
  if (input !== null && typeof input === 'object') {
    // A grid: rows left unanswered are not answers.
    const kept = Object.entries(input).filter(([, v]) => !(typeof v === 'string' && v.trim() === ''));
    return kept.length === 0 ? undefined : Object.fromEntries(kept);
  }
  return input;
}

/** A grid answer with every row answered (own properties only: a row is never an inherited name). */
export function isCompleteGrid(rows: string[], value: unknown): boolean {
  return isGridAnswer(value) && rows.every((row) => Object.hasOwn(value, row) && typeof value[row] === 'string');
}

export function fieldSchema(question: QuestionRule, mode: ValidationMode, today: string) {
  const value = z.preprocess(normalizeBlank, valueSchema(question, today).optional());
  if (!question.required || mode !== 'complete') return value;
  if (question.type === 'grid') {
    // Required per row: every row needs its answer.
    const rows = (question.rows ?? []).map((r) => r.value);
    return value.refine((v) => v !== undefined, 'required').refine((v) => v === undefined || isCompleteGrid(rows, v), 'grid_incomplete');
  }
  return value.refine((v) => v !== undefined, 'required');
}

/**
 * policy: P2.1 — the section's schema is strict: a field that is not one of the section's
 * questions is rejected, so nothing beyond the listed fields can be stored.
 */
export function sectionSchema(questions: QuestionRule[], mode: ValidationMode, today: string) {
  const fields = questions.flatMap((q) => {
    const answer: [string, z.ZodType][] = [[q.key, fieldSchema(q, mode, today)]];
    // policy: P3.3 — unticked (absent) unless the respondent ticks it.
    if (q.publishable) answer.push([publishFieldOf(q.key), z.literal('on', 'invalid').optional()]);
    return answer;
  });
  return z.object(Object.fromEntries(fields)).strict();
}

export type SectionParseResult =
  | { ok: true; values: Record<string, AnswerValue | undefined>; publish: Record<string, boolean> }
  | { ok: false; fieldErrors: Record<string, AnswerErrorCode>; formError?: FormErrorCode };

const KNOWN_CODES = new Set<string>(ANSWER_ERROR_CODES);

export function parseSection(
  questions: QuestionRule[],
  raw: Record<string, unknown>,
  mode: ValidationMode,
  today: string,
): SectionParseResult {
  // Every question key is present, so "required" is checked even when a browser sends nothing.
  const input = { ...Object.fromEntries(questions.map((q) => [q.key, undefined])), ...raw };
  const result = sectionSchema(questions, mode, today).safeParse(input);
  if (result.success) {
    const data = result.data as Record<string, AnswerValue | undefined>;
    const values = Object.fromEntries(questions.map((q) => [q.key, data[q.key]]));
    // A permission only exists together with the comment it is for.
    const publish = Object.fromEntries(
      questions.filter((q) => q.publishable).map((q) => [q.key, data[publishFieldOf(q.key)] === 'on' && data[q.key] !== undefined]),
    );
    return { ok: true, values, publish };
  }

  const fieldErrors: Record<string, AnswerErrorCode> = {};
  let formError: FormErrorCode | undefined;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      formError = 'unknown_field';
      continue;
    }
    const key = String(issue.path[0] ?? '').replace(PUBLISH_SUFFIX, '');
    if (!key || fieldErrors[key]) continue;
    fieldErrors[key] = KNOWN_CODES.has(issue.message) ? (issue.message as AnswerErrorCode) : 'invalid';
  }
  return { ok: false, fieldErrors, formError };
}

/**
 * Form fields the survey form itself adds, and the consent-gated device hints (validated by
 * their own strict schema); everything else must be a question of the section.
 */
export const CONTROL_FIELDS = new Set<string>(['intent', 'sectionId', ...HINT_FIELDS]);

/**
 * FormData → plain object. Next adds `$ACTION_…` fields for server actions; they are not
 * respondent data. Multiple-choice questions arrive as repeated fields.
 */
export function formDataToRaw(formData: FormData, questions: QuestionRule[]): Record<string, unknown> {
  const multi = new Set(questions.filter((q) => q.type === 'multiple_choice').map((q) => q.key));
  const grids = new Set(questions.filter((q) => q.type === 'grid').map((q) => q.key));
  return gatherFields(formData, { skip: (key) => CONTROL_FIELDS.has(key), list: (key) => multi.has(key), grid: (key) => grids.has(key) });
}

/**
 * What a failed post carried, for the form to show it again when the survey could not be read:
 * every field as it came (repeated ones as lists), each `<key>.<row>` back in its grid.
 */
export function formDataAsTyped(formData: FormData): Record<string, unknown> {
  return gatherFields(formData, { skip: () => false, list: () => false, grid: () => true });
}

/** The one reading of a posted section: `$ACTION…` dropped, files as '', a grid's rows gathered into its answer. */
function gatherFields(formData: FormData, is: { skip: (key: string) => boolean; list: (key: string) => boolean; grid: (key: string) => boolean }) {
  const raw: Record<string, unknown> = {};
  // Gathered as pairs, made an object with Object.fromEntries: a row named `__proto__` becomes an own
  // key (refused as no row of the grid) instead of changing the object's prototype; a plain object,
  // which is what React can send back to the form.
  const gridRows: Record<string, [string, unknown][]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION') || is.skip(key)) continue;
    const all = formData.getAll(key).map((v) => (typeof v === 'string' ? v : ''));
    const value = is.list(key) || all.length > 1 ? all : all[0];
    // A grid's row arrives as `<key>.<row>` (gridFieldOf): gathered into the grid's one answer.
    const [gridKey, row] = splitGridField(key);
    if (gridKey !== null && is.grid(gridKey)) (gridRows[gridKey] ??= []).push([row, value]);
    else raw[key] = value;
  }
  // A grid's own name sent as a plain field is not a grid answer: kept as it came, so it fails validation.
  for (const [key, rows] of Object.entries(gridRows)) raw[key] ??= Object.fromEntries(rows);
  return raw;
}
