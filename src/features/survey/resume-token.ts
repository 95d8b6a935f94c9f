import { createHash, randomBytes } from 'node:crypto';

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

/** The only draft a resume token opens: its own, in progress, of this survey — or none. */
export function draftOpenedBy(surveyId: string, token: string | undefined) {
  return looksLikeResumeToken(token) ? { surveyId, resumeTokenHash: hashResumeToken(token), status: 'in_progress' as const } : null;
}
