import { createHash, createHmac } from 'node:crypto';

/**
 * A contact's personal link carries a token derived from the invitation's id and the app secret —
 * the same in the invitation and every reminder. The invitation table keeps its SHA-256 only; the
 * mail itself (with the link) stays in the outbox for the mail retention period (30 days), as every
 * mail does. A new APP_SECRET makes every link sent before it invalid.
 */
export const invitationToken = (invitationId: string, secret: string) => createHmac('sha256', secret).update(`invitation:${invitationId}`).digest('base64url');
export const invitationTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
export const looksLikeInvitationToken = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);

/** One response per invitation: the response's unique key (Response.panelKey, as for a panel id). */
export const invitationResponseKey = (invitationId: string) => createHash('sha256').update(`invitation:${invitationId}`).digest('hex');
