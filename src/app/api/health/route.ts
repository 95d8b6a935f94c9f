import { db } from '@/server/db';
import { checkHealth } from '@/server/health';

export const dynamic = 'force-dynamic';

/** Liveness + database readiness: 200 when the database answers, 503 when it does not. */
export async function GET() {
  const health = await checkHealth(db);
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
