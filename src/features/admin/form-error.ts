/**
 * Which message a back-office form shows for the action's `formError`: a refusal is named as a
 * refusal (never "something went wrong"), anything unknown is the generic message.
 */
const FORM_ERRORS = ['forbidden', 'region_fixed', 'not_empty', 'no_address', 'closed', 'not_found', 'invalid_characters', 'busy', 'unavailable', 'gone', 'unexpected'] as const;
export type AdminFormError = (typeof FORM_ERRORS)[number];

export function adminFormErrorKey(code: string): AdminFormError {
  return (FORM_ERRORS as readonly string[]).includes(code) ? (code as AdminFormError) : 'unexpected';
}
