import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider in the test process (oidc-provider 8: 9.x needs Node 22), with
 * its development login form: any login, any password. No mocked endpoint anywhere — the app's
 * client (openid-client) discovers it, redirects to it, exchanges the code with PKCE, validates the
 * signed ID token and calls userinfo, as with a real provider.
 */
export const DEMO_CLIENT = { id: 'sorgu-demo', secret: 'sorgu-demo-secret-0123456789abcdef' };

/** The person a login names (the "password" is never checked: a test provider). */
export function demoAccount(login: string) {
  const name = login.replace(/-unverified$/, '');
  const person = name === 'leyla' ? { name: 'Leyla Məmmədova', email: 'leyla@example.az' } : { name: `Test ${name}`, email: `${name}@example.test` };
  return {
    sub: login,
    name: person.name,
    email: login === 'noemail' ? undefined : person.email,
    email_verified: !login.endsWith('-unverified'),
    picture: `https://pictures.example.test/${encodeURIComponent(name)}.png`,
    // Claims a provider offers and Sorğu never keeps (P2.1): they must not reach the database.
    locale: 'az-AZ',
    birthdate: '1990-01-01',
  };
}

export async function startDemoOidcProvider(options: { port: number; redirectUris: string[]; host?: string }) {
  const host = options.host ?? '127.0.0.1';
  const issuer = `http://${host}:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: DEMO_CLIENT.id,
        client_secret: DEMO_CLIENT.secret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'picture', 'locale', 'birthdate'] },
    async findAccount(_ctx, id) {
      return { accountId: id, claims: async () => demoAccount(id) };
    },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // Keys of a test provider; cookies SameSite=Lax so the form posts of its own pages carry them.
    cookies: { keys: ['sorgu-demo-oidc-cookie-key'], long: { sameSite: 'lax' }, short: { sameSite: 'lax' } },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Error</title><pre>${JSON.stringify(out).replace(/</g, '&lt;')}</pre>`;
    },
  });
  // The development login form passes the login as the account id.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider', error));
  const server: Server = provider.listen(options.port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    issuer,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A free TCP port on the loopback (the provider's issuer must name its port before it listens). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * What a person does in the provider's pages, done over HTTP without a browser: follow each
 * redirect with the provider's cookies, fill in the login form, confirm the consent form (or press
 * Cancel when `cancel`), until the provider sends the browser to `redirectUri`. Returns that URL.
 */
export async function signInAtProvider(authorizationUrl: URL, login: string, redirectUri: string, options: { cancel?: boolean } = {}): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let body: URLSearchParams | null = null;
  for (let step = 0; step < 12; step++) {
    const response: Response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: body?.toString(),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!.trim(), value.join('='));
    }
    body = null;
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return next;
      url = next;
      continue;
    }
    const html: string = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html.slice(0, 300)}`);
    if (options.cancel) {
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) throw new Error('no Cancel link on the provider page');
      url = new URL(abort.replaceAll('&amp;', '&'), url);
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt: string | undefined = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form on the provider page: ${html.slice(0, 300)}`);
    url = new URL(action.replaceAll('&amp;', '&'), url);
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
  }
  throw new Error('the provider never sent the browser back');
}
