import { z } from 'zod';
import { recordSessionEvent } from '@/features/consent/collect';
import { getRequestConsent } from '@/features/consent/server';
import { db } from '@/server/db';
import { isSameOrigin } from '@/server/origin';

const eventSchema = z
  .object({
    path: z.string().regex(/^\/[\w\-./]*$/).max(300),
    clicks: z.number().int().min(0).max(100_000),
    maxScrollPercent: z.number().int().min(0).max(100),
    durationMs: z.number().int().min(0).max(86_400_000),
  })
  .strict();

/**
 * policy: P5.3 — receives the session-analytics beacon. Stored only under a current consent
 * granting `sessionAnalytics`; otherwise accepted and dropped (the browser needs no answer).
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response(null, { status: 403 });
  const parsed = eventSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return new Response(null, { status: 400 });
  await recordSessionEvent(db, await getRequestConsent(), parsed.data);
  return new Response(null, { status: 204 });
}
