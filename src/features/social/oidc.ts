import 'server-only';
import * as client from 'openid-client';
import { isLoopbackUrl, type SocialProvider } from '@/lib/social-providers';
import { profileFromClaims, type SocialProfileData } from './profile';

/**
 * policy: P3.5 — OpenID Connect with `openid-client` (panva's certified relying-party library):
 * discovery, the authorization code flow with PKCE (S256), `state` and `nonce`, ID token
 * validation (signature, issuer, audience, expiry, nonce) and the userinfo call are its work, not
 * ours. Chosen over Auth.js because Auth.js is a session framework: respondents have no accounts
 * here, we only need one verified profile under one consent, and its session and adapter would be a
 * second place where personal data lives.
 */
export const SOCIAL_SCOPE = 'openid email profile';
const TIMEOUT_SECONDS = 10;
const DISCOVERY_KEPT_MS = 60 * 60_000;

const discovered = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/** The provider's metadata, fetched once an hour (a failed fetch is not kept: the next click retries). */
function configurationOf(provider: SocialProvider): Promise<client.Configuration> {
  const known = discovered.get(provider.id);
  if (known && Date.now() - known.at < DISCOVERY_KEPT_MS) return known.config;
  // http only for a provider on the loopback (src/lib/social-providers.ts refuses it elsewhere).
  const execute = provider.issuer.protocol === 'http:' && isLoopbackUrl(provider.issuer) ? [client.allowInsecureRequests] : [];
  const config = client.discovery(provider.issuer, provider.clientId, undefined, client.ClientSecretBasic(provider.clientSecret), { timeout: TIMEOUT_SECONDS, execute });
  discovered.set(provider.id, { at: Date.now(), config });
  config.then(
    (c) => (c.timeout = TIMEOUT_SECONDS),
    () => discovered.delete(provider.id),
  );
  return config;
}

/** What the browser keeps (sealed, flow-cookie.ts) between leaving for the provider and coming back. */
export type FlowChecks = { state: string; nonce: string; codeVerifier: string };

export function newFlowChecks(): FlowChecks {
  return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
}

/** Where the provider sends the browser first. */
export async function authorizationUrl(provider: SocialProvider, redirectUri: string, checks: FlowChecks): Promise<URL> {
  const config = await configurationOf(provider);
  return client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: SOCIAL_SCOPE,
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
  });
}

/**
 * The provider's answer at the callback: the code exchanged (PKCE verifier, state and nonce
 * checked, ID token validated), then userinfo for the profile claims — only name, email and
 * picture are kept of either (profile.ts, P2.1). `callbackParams` are the callback's query string;
 * the URL is rebuilt on the configured redirect URI, so a proxy's internal host never reaches the
 * token request.
 */
export async function profileFromCallback(
  provider: SocialProvider,
  redirectUri: string,
  callbackParams: URLSearchParams,
  checks: FlowChecks,
): Promise<{ issuer: string; profile: SocialProfileData }> {
  const config = await configurationOf(provider);
  const current = new URL(redirectUri);
  current.search = callbackParams.toString();
  const tokens = await client.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('the provider returned no ID token');
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
  // The issuer the ID token was checked against (the discovered one, not our spelling of it).
  return { issuer: config.serverMetadata().issuer, profile: profileFromClaims(idClaims, userinfo) };
}
