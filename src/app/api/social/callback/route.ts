import { socialCallback } from '@/features/social/callback';

export const dynamic = 'force-dynamic';

/** policy: P3.5 — where OpenID providers send a respondent back (src/features/social/callback.ts). */
export async function GET(request: Request) {
  return socialCallback(request);
}
