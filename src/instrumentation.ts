import type { Instrumentation } from 'next';
import { errorFields, log } from './server/log';

/** Server start: the periodic sweep that marks abandoned drafts (policy: P3.1). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startDraftSweep } = await import('./server/draft-sweep');
  startDraftSweep();
}

/**
 * Every error Next catches while rendering or in an action is logged here, structured, under the
 * digest that the error page shows the user as its reference.
 */
export const onRequestError: Instrumentation.onRequestError = (error, request, context) => {
  const digest = (error as { digest?: string }).digest;
  log('error', 'request_error', {
    requestId: digest,
    method: request.method,
    path: request.path,
    route: context.routePath,
    routeType: context.routeType,
    ...errorFields(error),
  });
};
