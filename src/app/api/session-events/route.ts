import { z } from 'zod';
import { readCapped } from '@/lib/read-capped';
import { recordSessionEvent } from '@/features/consent/collect';
import { getRequestConsent } from '@/features/consent/server';
import { db } from '@/server/db';
import { isSameOrigin } from '@/server/origin';
import { publicRateLimit } from '@/server/action';

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
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return new Response(null, { status: 413 });
  const body = await readCapped(request.body, MAX_BODY_BYTES);
  if (body === null) return new Response(null, { status: 413 });
  const parsed = eventSchema.safeParse(parseJson(body.toString('utf8')));
  if (!parsed.success) return new Response(null, { status: 400 });
  const consent = await getRequestConsent();
  // Session events go to an append-only kind of table: bounded per address and per browser.
  const limit = await publicRateLimit('sessionEvent', consent.consent?.subjectKey);
  if (!limit.allowed) return new Response(null, { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) } });
  await recordSessionEvent(db, consent, parsed.data);
  return new Response(null, { status: 204 });
}

/** A beacon is a few dozen bytes: read at most this much, never the whole of a large body. */
const MAX_BODY_BYTES = 4096;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
