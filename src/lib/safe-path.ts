/**
 * A path inside this site (no scheme, no host, no `//`), safe to redirect to after a form:
 * an attacker cannot turn a "return to" field into an open redirect.
 */
export const SAFE_PATH = /^\/(?!\/)[\w\-./?=&%]*$/;
export const SAFE_PATH_MAX = 300;

export function isSafePath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SAFE_PATH_MAX && SAFE_PATH.test(value);
}

/**
 * Where a refused button sends the browser back: the page it was pressed on (the `Referer`'s path,
 * when it is one of ours) with `?refused=<code>`, which the page's notice shows. Only the path of
 * the referrer is used — another site's address cannot make this an open redirect.
 */
export function refusedLocation(referer: string | null, fallback: string, code: string): string {
  let path = fallback;
  try {
    const { pathname } = new URL(referer ?? '');
    if (isSafePath(pathname)) path = pathname;
  } catch {
    // No or malformed referrer: the fallback.
  }
  return `${path}?refused=${encodeURIComponent(code)}`;
}
