/**
 * Runs a periodic job once across every app instance that shares the database.
 *
 * Each job has a lease row (JobLease). An instance may start the job only by moving the lease's
 * `heldUntil` forward in ONE conditional statement — `UPDATE … WHERE name = ? AND heldUntil <= now`
 * — so of two instances that try at the same moment exactly one changes the row: PostgreSQL
 * re-checks the condition after the first writer commits (READ COMMITTED), SQLite serializes
 * writers (also across processes sharing the file). The first run ever creates the row; the
 * primary key lets only one instance do that.
 *
 * While the job runs, the holder renews the lease every third of `leaseMs`; if the process dies,
 * the lease runs out and the next instance takes the job over. When the run ends, the lease stays
 * held until `minGapMs` after the run started, so instances whose timers fire at other moments
 * find the job done for this interval instead of running it again.
 *
 * Why not a PostgreSQL advisory lock: it gives mutual exclusion only (two instances would still
 * both run each interval, one after the other), it must stay on one pooled connection for the
 * whole run, and SQLite has none. The lease works on both providers with one code path.
 * Clocks: `heldUntil` compares instance clocks; they must agree to well within the lease (NTP).
 *
 * No 'server-only' marker and no feature import (convention 17): scripts call it too, and the
 * jobs themselves are wired in src/features/jobs.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from './create-db';
import { errorFields, log } from './log';

export type RunOnceOptions = {
  /** After a run starts, no instance starts the job again for this long (default 0: right after it ends). */
  minGapMs?: number;
  /** How long a lease lasts without renewal: a crashed holder frees the job after this. */
  leaseMs?: number;
  /** Start even within another run's gap, only not while a run is going on (a manual run). */
  ignoreGap?: boolean;
  /** The time source (tests move it; renewals use it too). */
  clock?: () => Date;
};

export type RunOnceResult<T> = { ran: true; value: T } | { ran: false };

const DEFAULT_LEASE_MS = 5 * 60_000;

/** Names this process in lease rows: a host name and a process id, no personal data. */
const processName = `${hostname()}:${process.pid}`;

function isUniqueViolation(error: unknown) {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/** Takes the lease when it is free (or was never taken); true when this caller now holds it. */
async function acquire(db: Db, name: string, holder: string, now: Date, leaseMs: number, ignoreGap: boolean): Promise<boolean> {
  const heldUntil = new Date(now.getTime() + leaseMs);
  const free = { heldUntil: { lte: now } };
  const taken = await db.jobLease.updateMany({
    // A finished run's lease only keeps the gap: a manual run may take it.
    where: { name, ...(ignoreGap ? { OR: [free, { finishedAt: { not: null } }] } : free) },
    data: { holder, heldUntil, startedAt: now, finishedAt: null },
  });
  if (taken.count === 1) return true;
  try {
    await db.jobLease.create({ data: { name, holder, heldUntil, startedAt: now } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false; // the row exists and someone holds it
    throw error;
  }
}

export async function runOnce<T>(db: Db, name: string, job: () => Promise<T>, options: RunOnceOptions = {}): Promise<RunOnceResult<T>> {
  const clock = options.clock ?? (() => new Date());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const holder = `${processName}:${randomBytes(4).toString('hex')}`;
  const startedAt = clock();
  if (!(await acquire(db, name, holder, startedAt, leaseMs, options.ignoreGap ?? false))) return { ran: false };

  const renew = setInterval(() => {
    db.jobLease
      .updateMany({ where: { name, holder }, data: { heldUntil: new Date(clock().getTime() + leaseMs) } })
      .catch(() => {}); // a failed renewal only risks a second run after the lease ends
  }, Math.max(1000, leaseMs / 3));
  renew.unref();
  try {
    return { ran: true, value: await job() };
  } finally {
    clearInterval(renew);
    const finishedAt = clock();
    const nextStart = Math.max(finishedAt.getTime(), startedAt.getTime() + (options.minGapMs ?? 0));
    await db.jobLease.updateMany({ where: { name, holder }, data: { heldUntil: new Date(nextStart), finishedAt } });
  }
}

export type PeriodicJob = {
  name: string;
  /** 0 switches the job off. */
  everyMinutes: number;
  run(db: Db, now: Date): Promise<Record<string, unknown> | undefined>;
};

/**
 * The gap kept between two starts of a job with an interval: the interval, less a little slack
 * (a tenth, at most a minute) so that the instance whose timer set the lease is not itself
 * turned away by a timer firing a few milliseconds early.
 */
export function gapFor(everyMinutes: number) {
  const intervalMs = everyMinutes * 60_000;
  return intervalMs - Math.min(intervalMs / 10, 60_000);
}

/** One due run of a periodic job, in whichever instance asks first. */
export function runPeriodicJob(db: Db, job: PeriodicJob, now = new Date()) {
  const offset = now.getTime() - Date.now();
  return runOnce(db, job.name, () => job.run(db, now), { minGapMs: gapFor(job.everyMinutes), clock: () => new Date(Date.now() + offset) });
}

/**
 * Starts each job's timer in this instance: it ticks every `everyMinutes` and runs the job when
 * it is due across all instances (runPeriodicJob). Logs what a run did, or why it failed.
 */
export function startPeriodicJobs(db: Db, jobs: PeriodicJob[]) {
  for (const job of jobs) {
    if (job.everyMinutes === 0) continue;
    const tick = async () => {
      try {
        const outcome = await runPeriodicJob(db, job);
        if (outcome.ran && outcome.value) log('info', job.name, outcome.value);
      } catch (error) {
        log('error', `${job.name}_failed`, errorFields(error));
      }
    };
    setInterval(tick, job.everyMinutes * 60_000).unref();
    void tick();
  }
}
