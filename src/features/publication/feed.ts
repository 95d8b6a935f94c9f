import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { dayOf } from '@/lib/dates';
import { draftTextSchema } from '@/lib/localized-text';
import { listPublishableComments, type CommentScope } from '@/features/survey/publication';
import { clientOfFeedKey } from './feed-keys';

/**
 * policy: P3.3, P5.2, P5.8 — what leaves the service when a comment is published: the comment,
 * the response's rating and the day it was completed. No identifier of the answer, the response
 * or the respondent, no time of day (it would single a person out among usage records).
 * Nothing is cached: a revoked permission, an objection, a restriction or an erasure takes the
 * comment out of the very next response (listPublishableComments is the only query).
 */
export type PublishedComment = { survey: string; comment: string; rating: number | null; date: string };

export async function publishedComments(db: Db, scope: CommentScope, timeZone: string, take: number): Promise<PublishedComment[]> {
  const rows = await listPublishableComments(db, scope, { take });
  return rows.map((c) => ({ survey: c.surveySlug, comment: c.text, rating: c.rating, date: dayOf(c.completedAt, timeZone) }));
}

export const FEED_LIMIT = { default: 100, max: 1000 };

const feedQuery = z.object({
  survey: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/).optional(),
  limit: z.coerce.number().int().min(1).max(FEED_LIMIT.max).default(FEED_LIMIT.default),
});

// Read by a Client's own website from the browser as well as by its servers: any origin, no
// credentials (the key is the only authority, sent in a header a page sets explicitly).
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization', 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-max-age': '600' };

function json(status: number, body: unknown, extra: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...CORS, ...extra } });
}

export function feedPreflight() {
  return new Response(null, { status: 204, headers: CORS });
}

/**
 * GET /api/feed?survey=<slug>&limit=<n> with `Authorization: Bearer sfk_…`: a Client's published
 * comments, newest first. 401 for a missing, unknown or revoked key (one answer for all three:
 * nothing to learn by probing), 400 for a bad query.
 */
export async function feedResponse(db: Db, request: Request, timeZone: string): Promise<Response> {
  const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const client = presented ? await clientOfFeedKey(db, presented) : null;
  if (!client) return json(401, { error: 'invalid_key' }, { 'www-authenticate': 'Bearer realm="sorgu-feed"' });
  const params = new URL(request.url).searchParams;
  const query = feedQuery.safeParse({ survey: params.get('survey') ?? undefined, limit: params.get('limit') ?? undefined });
  if (!query.success) return json(400, { error: 'invalid_query', fields: [...new Set(query.error.issues.map((i) => String(i.path[0])))] });
  const { survey, limit } = query.data;
  const comments = await publishedComments(db, { clientId: client.id, surveySlug: survey }, timeZone, limit);
  return json(200, { client: client.name, comments });
}

export const EMBED_PAGE_SIZE = 50;

/**
 * The embeddable page of one survey (`/{locale}/comments/{slug}`): its title and latest published
 * comments, or null when the survey is a draft, unknown, or asks for no publishable comment.
 */
export async function surveyCommentsPage(db: Db, slug: string, timeZone: string) {
  const survey = await db.survey.findFirst({
    where: { slug, status: { not: 'draft' }, questions: { some: { publishable: true } } },
    select: { id: true, title: true },
  });
  if (!survey) return null;
  return { title: draftTextSchema.parse(survey.title), comments: await publishedComments(db, { surveyId: survey.id }, timeZone, EMBED_PAGE_SIZE) };
}

/** A Client's surveys that have an embeddable comments page (the admin's client page lists them). */
export async function embeddableSurveys(db: Db, clientId: string) {
  return db.survey.findMany({
    where: { clientId, status: { not: 'draft' }, questions: { some: { publishable: true } } },
    orderBy: { createdAt: 'asc' },
    select: { slug: true, title: true },
  });
}
