import 'server-only';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { errorFields, log } from '@/server/log';
import { reportUnexpected } from '@/server/errors';
import { takeFlowCookie } from './flow-cookie';
import { profileFromCallback } from './oidc';
import { dropUnusedSocialConsent, storeSocialProfile } from './profiles';
import { socialRedirectUri } from './redirect-uri';

/** A redirect to a path of ours (relative: never built from the request's Host). */
const seeOther = (path: string) => new Response(null, { status: 303, headers: { location: path, 'cache-control': 'no-store' } });

/**
 * policy: P3.5, P4.3 — the provider sends the browser back here. The sign-in is accepted only with
 * the sealed flow this browser started (read once, then deleted), only for the provider it named,
 * and the profile is stored only while the respondent's consent grants `social` (profiles.ts).
 * Every outcome returns to the survey with a notice; nothing of the survey is lost on failure.
 */
export async function socialCallback(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const flow = await takeFlowCookie();
  // Too late (ten minutes), another browser, or a callback replayed: start again from the survey.
  if (!flow) return seeOther('/?social=expired');
  const back = (notice: string) => seeOther(`/${flow.locale}/s/${flow.slug}?social=${notice}#social`);
  // Cancelled or failed: the consent given for this sign-in goes again, unused (profiles.ts).
  const giveUp = async (notice: 'cancelled' | 'failed') => {
    await dropUnusedSocialConsent(db, flow.responseId, flow.locale).catch((error) => reportUnexpected(error, { route: 'socialCallback' }));
    return back(notice);
  };
  const refused = params.get('error');
  if (refused) return giveUp(refused === 'access_denied' ? 'cancelled' : 'failed');
  const provider = env.SOCIAL_PROVIDERS.find((p) => p.id === flow.provider);
  if (!provider) return back('unavailable');

  let answer: Awaited<ReturnType<typeof profileFromCallback>>;
  try {
    answer = await profileFromCallback(provider, socialRedirectUri(), params, flow);
  } catch (error) {
    // A wrong state, an ID token that does not verify, a provider that does not answer: nothing stored.
    log('warn', 'social_sign_in_refused', { provider: provider.id, ...errorFields(error) });
    return giveUp('failed');
  }
  try {
    const outcome = await storeSocialProfile(db, { responseId: flow.responseId, provider: provider.id, issuer: answer.issuer, profile: answer.profile });
    return outcome === 'stored' ? back('connected') : outcome === 'no_consent' ? back('withdrawn') : seeOther(`/${flow.locale}/s/${flow.slug}`);
  } catch (error) {
    reportUnexpected(error, { route: 'socialCallback' });
    return back('failed');
  }
}
