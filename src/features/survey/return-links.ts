import { pipe, pipedKeys } from './logic';
import type { EarlyEnding } from './fieldwork';

/**
 * Panel return links: the URL a panel (Cint, Dynata, a Client's own) gives the agency to send each
 * respondent back to when they finish, are screened out, or hit a full quota, with the panel's id
 * of that respondent in it: `https://panel.example/return?status=complete&pid={{pid}}`, where
 * `pid` is a hidden field of the survey (filled from the link the panel sent them with).
 *
 * No open redirect: the only targets are these staff-set templates, https only; a respondent's
 * value only fills a placeholder, URL-encoded, and a placeholder may not stand where it could change
 * the target's origin (scheme, host, port). Pure: unit-tested.
 */
export type ReturnUrls = { complete: string | null; screened_out: string | null; quota_full: string | null };
export type ReturnEnding = 'complete' | EarlyEnding;

export const RETURN_URL_MAX = 1000;

export type ReturnUrlProblem = 'return_url_invalid' | 'return_url_scheme' | 'return_url_origin' | 'return_url_key';

/** The target with every placeholder filled by `fill` (URL parsing then encodes what it must). */
const filledWith = (template: string, fill: (key: string) => string) => pipe(template, fill);

/**
 * What is wrong with a template, if anything: not an absolute https URL, credentials in it, an
 * origin a placeholder could change, a placeholder that is not one of the survey's hidden fields.
 */
export function returnUrlProblem(template: string, hiddenKeys: string[]): ReturnUrlProblem | null {
  if (template.length > RETURN_URL_MAX || /[\s<>"`\\]/.test(template)) return 'return_url_invalid';
  let a: URL, b: URL;
  try {
    a = new URL(filledWith(template, () => 'a'));
    b = new URL(filledWith(template, () => 'b.c'));
  } catch {
    return 'return_url_invalid';
  }
  if (a.protocol !== 'https:') return 'return_url_scheme';
  if (a.username || a.password) return 'return_url_invalid';
  if (a.origin !== b.origin) return 'return_url_origin';
  if (pipedKeys(template).some((k) => !hiddenKeys.includes(k))) return 'return_url_key';
  return null;
}

/**
 * The target for one respondent: the template with each `{{key}}` filled by their hidden field's
 * value, URL-encoded — or null when the survey has no link for this ending, or the respondent lacks
 * a value it needs (they did not come from the panel: our own ending page is theirs).
 */
export function returnTarget(urls: ReturnUrls, ending: ReturnEnding, hidden: Record<string, string>): string | null {
  const template = urls[ending];
  if (!template || pipedKeys(template).some((k) => !hidden[k])) return null;
  // Checked again as it leaves: a stored template that no longer passes sends nobody anywhere.
  if (returnUrlProblem(template, Object.keys(hidden)) !== null) return null;
  const target = new URL(filledWith(template, (k) => encodeURIComponent(hidden[k]!)));
  return target.origin === new URL(filledWith(template, () => 'a')).origin ? target.href : null;
}
