import type { Instrumentation } from 'next';
import { errorFields, log } from './server/log';

/** Server start: periodic jobs — abandoned drafts (P3.1) and the retention purge (P6.1), each once across instances. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startBackgroundJobs } = await import('./features/jobs/start');
  startBackgroundJobs();
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
