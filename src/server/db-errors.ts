/**
 * Whether an error means the database could not be reached ("unavailable": an outage) or did not
 * answer in time ("busy": a held lock, a full pool) — not a bug: forms say so and keep what was
 * typed, pages fall back to what they can show without it. Prisma's codes
 * (https://www.prisma.io/docs/orm/reference/error-reference): P1001 can't reach the server, P1002
 * reaching it timed out, P1017 the server closed the connection; P1008 an operation timed out
 * (also our SQLite busy wait giving up, create-db.ts), P2024 no pooled connection in time, P2028
 * a transaction could not start (or finish) in time; PostgreSQL's 57014 a statement that ran past
 * statement_timeout (DB_STATEMENT_TIMEOUT_MS), 55P03 a lock not granted.
 */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1017']);
/** PostgreSQL's SQLSTATEs for a statement cancelled by statement_timeout and for a lock not granted. */
const PG_STATEMENT_TIMEOUT = '57014';
const PG_LOCK_NOT_AVAILABLE = '55P03';
const BUSY_CODES = new Set(['P1008', 'P2024', 'P2028', 'SQLITE_BUSY', PG_STATEMENT_TIMEOUT, PG_LOCK_NOT_AVAILABLE]);
/** Driver-adapter error kinds (Prisma 6 adapters) and Node socket errors that say the same. */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'DatabaseDoesNotExist', 'SocketTimeout', 'TransactionAlreadyClosed', 'ConnectionClosed', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P03']);

/**
 * node-postgres reports a connection cut while connecting (the host went away, a proxy dropped
 * it) with a bare Error that Prisma's adapter passes through unchanged: only its message says so.
 */
const PG_CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

export type DatabaseFault = 'busy' | 'unavailable';

export function databaseFault(error: unknown, depth = 0): DatabaseFault | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  const e = error as { code?: unknown; name?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown }; kind?: unknown };
  if (typeof e.code === 'string' && BUSY_CODES.has(e.code)) return 'busy';
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || SOCKET_CODES.has(e.code))) return 'unavailable';
  if (e.name === 'PrismaClientInitializationError') return 'unavailable';
  if (typeof e.kind === 'string' && UNAVAILABLE_KINDS.has(e.kind)) return 'unavailable';
  if (error instanceof Error && PG_CONNECTION_MESSAGES.test(error.message)) return 'unavailable';
  return databaseFault(e.meta?.driverAdapterError, depth + 1) ?? databaseFault(e.cause, depth + 1);
}
