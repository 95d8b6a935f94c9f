import { db } from '@/server/db';
import { env } from '@/server/env';
import { feedPreflight, feedResponse } from '@/features/publication/feed';

export const dynamic = 'force-dynamic';

/** policy: P3.3, P5.2 — a Client's publication feed (features/publication/feed.ts). */
export function GET(request: Request) {
  return feedResponse(db, request, env.APP_TIME_ZONE);
}

export function OPTIONS() {
  return feedPreflight();
}
