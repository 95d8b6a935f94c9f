/**
 * A path inside this site (no scheme, no host, no `//`), safe to redirect to after a form:
 * an attacker cannot turn a "return to" field into an open redirect.
 */
export const SAFE_PATH = /^\/(?!\/)[\w\-./?=&%]*$/;
export const SAFE_PATH_MAX = 300;

export function isSafePath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SAFE_PATH_MAX && SAFE_PATH.test(value);
}
