import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The resume cookie holds only this opaque random token; the database keeps its SHA-256, so
 * neither the cookie nor a copy of the database reveals anything on its own.
 */
export function createResumeToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashResumeToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeResumeToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** How long a completed response's token still names it (a resent Finish is then recognised as done). */
export const COMPLETED_TOKEN_KEPT_MS = 3_600_000;

/** The only draft a resume token opens: its own, in progress, of this survey — or none. */
export function draftOpenedBy(surveyId: string, token: string | undefined) {
  return looksLikeResumeToken(token) ? { surveyId, resumeTokenHash: hashResumeToken(token), status: 'in_progress' as const } : null;
}

/**
 * A random key rendered into one start form (see startDraft): two posts of that form are one
 * start. The draft's resume token is derived from it with the app secret, so both posts set the
 * same cookie and the database's unique token hash lets only one draft exist — no check-then-act.
 */
export function createStartKey(): string {
  return randomBytes(32).toString('base64url');
}

export const looksLikeStartKey = looksLikeResumeToken;

export function resumeTokenFor(startKey: string, secret: string): string {
  return createHmac('sha256', secret).update(`sorgu-start:${startKey}`).digest('base64url');
}
