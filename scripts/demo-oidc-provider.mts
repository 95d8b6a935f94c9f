/**
 * A real OpenID Connect provider (panva's `oidc-provider`, certified) for the browser tests and for
 * trying social sign-in locally — never for production: any login with any password signs in.
 *
 *   OIDC_PORT=3109 APP_URL=http://localhost:3000 npx tsx scripts/demo-oidc-provider.mts
 *
 * then start the app with (README: "Social sign-in"):
 *   SOCIAL_LOGIN_PROVIDERS=demoid SOCIAL_DEMOID_ISSUER=http://127.0.0.1:3109
 *   SOCIAL_DEMOID_CLIENT_ID=sorgu-demo SOCIAL_DEMOID_CLIENT_SECRET=sorgu-demo-secret-0123456789abcdef
 *   SOCIAL_DEMOID_LABEL="Demo ID"
 *
 * Accounts: the login names the person; "leyla" → Leyla Məmmədova, leyla@example.az (verified);
 * a login ending in "-unverified" gets an address the provider has not verified; "noemail" has none.
 */
import { startDemoOidcProvider } from '../tests/helpers/oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 3109);
const appUrl = (process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
const provider = await startDemoOidcProvider({ port, redirectUris: [`${appUrl}/api/social/callback`] });
console.log(`OpenID provider (demo) at ${provider.issuer}, client "sorgu-demo", redirect ${appUrl}/api/social/callback`);
