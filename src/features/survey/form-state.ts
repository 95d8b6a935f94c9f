import type { AnswerErrorCode, FormErrorCode } from './schemas';

/** What the section form shows after an unsuccessful submit (a success redirects instead). */
export type SectionFormState = {
  fieldErrors?: Record<string, AnswerErrorCode>;
  formError?: FormErrorCode;
  /** The values as typed, so nothing is lost when the page shows errors. */
  values?: Record<string, unknown>;
  /** The section the values belong to: a form shows only its own section's state. */
  sectionId?: string;
  requestId?: string;
};

export type Intent = { kind: 'next' | 'back' | 'finish' } | { kind: 'locale'; locale: string };

export function parseIntent(value: FormDataEntryValue | null): Intent {
  if (value === 'back' || value === 'finish') return { kind: value };
  if (typeof value === 'string' && value.startsWith('locale:')) return { kind: 'locale', locale: value.slice(7) };
  return { kind: 'next' };
}
