import 'server-only';
import { randomUUID } from 'node:crypto';
import { databaseFault } from './db-errors';
import { errorFields, log } from './log';

/**
 * An error nobody planned for: logged server-side with a fresh request id, which the user
 * sees instead of the error itself (never a stack trace).
 */
export function reportUnexpected(error: unknown, context: Record<string, unknown>): string {
  const requestId = randomUUID();
  log('error', 'unexpected_error', { requestId, ...context, ...errorFields(error) });
  return requestId;
}

/**
 * For a page that renders without the database: an outage (or a held lock) is logged and its
 * reference returned for the page to show; any other error is thrown on, to the error page.
 */
export function outageReference(error: unknown, context: Record<string, unknown>): string {
  if (!databaseFault(error)) throw error;
  return reportUnexpected(error, context);
}
