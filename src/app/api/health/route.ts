import { db } from '@/server/db';
import { checkHealth } from '@/server/health';

export const dynamic = 'force-dynamic';

/** Liveness + database readiness: 200 when the database answers (`degraded` when writes wait on a lock), 503 when it does not. */
export async function GET() {
  const health = await checkHealth(db);
  return Response.json(health, { status: health.status === 'unavailable' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}
