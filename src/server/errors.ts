import 'server-only';
import { randomUUID } from 'node:crypto';
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
