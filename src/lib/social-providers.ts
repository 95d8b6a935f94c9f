/**
 * policy: P3.5 — the social sign-in providers, configured from the environment and nothing else:
 *
 *   SOCIAL_LOGIN_PROVIDERS=google,facebook         ids, in the order the buttons appear
 *   SOCIAL_GOOGLE_ISSUER=https://accounts.google.com
 *   SOCIAL_GOOGLE_CLIENT_ID=…   SOCIAL_GOOGLE_CLIENT_SECRET=…
 *   SOCIAL_GOOGLE_LABEL=Google                      the name on the button (default: the id)
 *   SOCIAL_GOOGLE_AUTHORIZATION_ORIGIN=https://…    only when the provider's sign-in page is not on
 *                                                   the issuer's origin (default: the issuer's)
 *
 * The sign-in form posts to Sorğu, which redirects the browser to the provider: the page's
 * Content-Security-Policy (`form-action`) must name that origin, or the browser stops the redirect
 * (socialFormTargets, src/proxy.ts).
 *
 * No provider configured: no button anywhere, and the sign-in endpoints refuse. An issuer must be
 * https — its answers decide whose profile is stored — except on this machine's loopback (a
 * provider started beside the app for tests and demos), where nobody on the network sits between;
 * in production that takes SOCIAL_ALLOW_LOOPBACK_ISSUER=1 too, so demo settings pasted into a
 * production environment (a provider where any login works) stop start-up instead.
 * A mistake refuses start-up (src/server/env.ts), never the first respondent who clicks.
 */
export type SocialProvider = { id: string; label: string; issuer: URL; clientId: string; clientSecret: string; authorizationOrigin: string };

const ID = /^[a-z][a-z0-9]{0,19}$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export class SocialConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SocialConfigError';
  }
}

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}

/** An https URL (http only on the loopback), without credentials, query or fragment. */
function webUrl(name: string, value: string, loopbackAllowed: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SocialConfigError(`${name} is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    throw new SocialConfigError(`${name} must be an https URL (http only for a provider on this machine's loopback)`);
  }
  if (url.protocol === 'http:' && !loopbackAllowed) {
    throw new SocialConfigError(`${name} is a provider on this machine's loopback: in production that needs SOCIAL_ALLOW_LOOPBACK_ISSUER=1 (tests and demos only)`);
  }
  if (url.search || url.hash || url.username || url.password) throw new SocialConfigError(`${name} must be a plain URL`);
  return url;
}

/** The origins the survey pages' sign-in form may lead to (CSP form-action). */
export function socialFormTargets(providers: SocialProvider[]): string[] {
  return [...new Set(providers.map((p) => p.authorizationOrigin))];
}

export function parseSocialProviders(environment: Record<string, string | undefined>): SocialProvider[] {
  const list = (environment.SOCIAL_LOGIN_PROVIDERS ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const seen = new Set<string>();
  const loopbackAllowed = environment.NODE_ENV !== 'production' || environment.SOCIAL_ALLOW_LOOPBACK_ISSUER === '1';
  return list.map((id) => {
    if (!ID.test(id)) throw new SocialConfigError(`SOCIAL_LOGIN_PROVIDERS: "${id}" is not a provider id (lower-case letters and digits, starting with a letter)`);
    if (seen.has(id)) throw new SocialConfigError(`SOCIAL_LOGIN_PROVIDERS names "${id}" twice`);
    seen.add(id);
    const key = (name: string) => `SOCIAL_${id.toUpperCase()}_${name}`;
    const required = (name: string) => {
      const value = environment[key(name)]?.trim();
      if (!value) throw new SocialConfigError(`${key(name)} must be set (SOCIAL_LOGIN_PROVIDERS names "${id}")`);
      return value;
    };
    const issuer = webUrl(key('ISSUER'), required('ISSUER'), loopbackAllowed);
    const origin = environment[key('AUTHORIZATION_ORIGIN')]?.trim();
    const authorizationOrigin = origin ? webUrl(key('AUTHORIZATION_ORIGIN'), origin, loopbackAllowed).origin : issuer.origin;
    return { id, label: environment[key('LABEL')]?.trim() || id, issuer, clientId: required('CLIENT_ID'), clientSecret: required('CLIENT_SECRET'), authorizationOrigin };
  });
}
