import type { DataCategory, QuestionType } from '@/generated/sqlite';

export const QUESTION_TYPES = [
  'single_choice',
  'multiple_choice',
  'rating',
  'nps',
  'short_text',
  'long_text',
  'email',
  'phone',
  'gender',
  'birth_date',
  'postal_code',
  'hidden',
  'grid',
] as const satisfies readonly QuestionType[];

/**
 * The category each type belongs to unless a survey says otherwise (a short text may be an
 * employer → contact). policy: P2 — the categories of the clause register.
 */
export const DEFAULT_CATEGORY: Record<QuestionType, DataCategory> = {
  single_choice: 'answers',
  multiple_choice: 'answers',
  rating: 'answers',
  nps: 'answers',
  short_text: 'answers',
  long_text: 'answers',
  email: 'contact',
  phone: 'contact',
  gender: 'demographic',
  birth_date: 'demographic',
  postal_code: 'demographic',
  hidden: 'answers',
  grid: 'answers',
};

/** Fixed answer set of the gender question; labels come from messages (Survey.gender.*). */
export const GENDER_VALUES = ['female', 'male', 'other', 'prefer_not_to_say'] as const;

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const NPS_MIN = 0;
export const NPS_MAX = 10;
export const SHORT_TEXT_MAX = 200;
export const LONG_TEXT_MAX = 5000;
/** A hidden field's value from the survey link (`?store=…`). */
export const HIDDEN_FIELD_MAX = 200;
/** Link parameters the survey page reads itself: a hidden field may not take their name. */
export const RESERVED_LINK_PARAMETERS = ['customer', 'gate', 'social', 'invite'] as const;
