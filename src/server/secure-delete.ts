/**
 * policy: P6.1 — deletion is secure. SQLite connections run with secure_delete (create-db.ts), so
 * deleted rows are zeroed in the pages that held them; but the write-ahead log still holds the
 * earlier versions of those pages until it is checkpointed and reset. After an erasure or a purge
 * the deletion engine calls secureCheckpoint: the WAL is copied into the database file and
 * truncated to zero bytes, leaving no readable copy of the removed values on disk.
 *
 * PostgreSQL keeps dead tuples until VACUUM and old values in its WAL and backups: that is the
 * operator's side of the promise (README, "Deleting for good").
 * No 'server-only' marker: scripts (retention purge) call it too.
 */
import type { Db } from './create-db';
import { databaseProvider } from './create-db';
import { log } from './log';

type CheckpointRow = { busy: bigint | number; log: bigint | number; checkpointed: bigint | number };

/** Returns false when a reader kept the WAL from being reset (it is retried by the next call). */
export async function secureCheckpoint(db: Db): Promise<boolean> {
  if (databaseProvider(db) !== 'sqlite') return true;
  const [row] = await db.$queryRawUnsafe<CheckpointRow[]>('PRAGMA wal_checkpoint(TRUNCATE)');
  const done = Number(row?.busy ?? 0) === 0;
  if (!done) log('warn', 'secure_checkpoint_busy', { walFrames: Number(row?.log ?? 0) });
  return done;
}
