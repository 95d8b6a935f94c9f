/**
 * Structured logging: one JSON object per line, so a request id can be searched for.
 * No 'server-only' marker: instrumentation and scripts log through it too.
 */
type Level = 'info' | 'warn' | 'error';

export function log(level: Level, event: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}

export function errorFields(error: unknown): Record<string, unknown> {
  // Prisma messages can quote kilobytes of bundled source: keep the log line readable.
  if (error instanceof Error) return { error: error.name, message: error.message.slice(0, 1000), stack: error.stack?.slice(0, 4000) };
  return { error: String(error) };
}
