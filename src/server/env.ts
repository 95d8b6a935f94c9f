import 'server-only';
import { z } from 'zod';
import { trustedProxyEntries, trustedProxyList } from '@/lib/client-address';
import { isTimeZone } from '@/lib/dates';
import { poolSize, statementTimeoutMs } from '@/lib/pool-size';
import { parseSocialProviders } from '@/lib/social-providers';

const building = process.env.NEXT_PHASE === 'phase-production-build';
const DEV_SECRET = 'sorgu-development-secret-not-for-production-use';

/** The environment, parsed once (DESIGN.md convention 11). */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().optional(),
  /**
   * The app's time zone (IANA name): dates people read or enter are days on its clocks — the age
   * gate's today, report days, request deadlines, dates shown (src/lib/dates.ts).
   */
  APP_TIME_ZONE: z.string().refine(isTimeZone, 'APP_TIME_ZONE must be a time zone name such as Asia/Baku').default('Asia/Baku'),
  /** Drafts untouched this long are marked abandoned (policy: P3.1). */
  DRAFT_ABANDON_AFTER_HOURS: z.coerce.number().positive().default(72),
  /** How often the server marks abandoned drafts; 0 switches the sweep off. */
  DRAFT_SWEEP_INTERVAL_MINUTES: z.coerce.number().min(0).default(60),
  /**
   * Signs the consent cookie (and, later, staff sessions). Production refuses to start without
   * a strong one; `npm start` generates one into ./data/app-secret when none is given.
   */
  APP_SECRET: z.string().optional(),
  /** Minutes between retention purges run by the server; 0 switches them off. */
  RETENTION_INTERVAL_MINUTES: z.coerce.number().min(0).default(360),
  /** Minutes between passes sending the invitation reminders now due (surveys with automatic reminders); 0 switches them off. */
  REMINDER_INTERVAL_MINUTES: z.coerce.number().min(0).default(60),
  /**
   * Outgoing mail (self-service verification and export links). With an SMTP URL
   * (smtp://user:pass@host:587) mail is sent; without one it stays in the outbox, which only
   * admins read (/{locale}/admin/mailbox), so the demo works offline.
   */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Sorğu <no-reply@sorgu.test>'),
  /** Seconds between the mail sender's passes over what failed and is due again (src/features/mail/sender.ts); 0 switches retries off. */
  MAIL_RETRY_INTERVAL_SECONDS: z.coerce.number().min(0).default(60),
  /**
   * The address links in mail point to. Never taken from a request's Host header: production
   * refuses to mail links without it; elsewhere it defaults to http://localhost:PORT.
   */
  PUBLIC_URL: z.string().url().optional(),
  /** The port the app listens on (`npm start` passes it to Next). */
  PORT: z.coerce.number().int().positive().default(3000),
  /**
   * Multiplies every public write rate limit (src/server/rate-limit.ts). 1 in production; the
   * browser tests, whose hundreds of visitors all come from 127.0.0.1, raise it.
   */
  RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  /**
   * Reverse proxies whose X-Forwarded-For entry is believed (addresses or CIDR ranges, separated
   * by commas or spaces, e.g. "10.0.0.0/8, ::1"). Empty by default: the client address is the
   * peer the server itself saw (src/lib/client-address.ts), whatever the request's headers say.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform(trustedProxyEntries),
});

function parseEnv() {
  const parsed = schema.parse(process.env);
  const secret = parsed.APP_SECRET;
  if (parsed.NODE_ENV === 'production' && !building && (!secret || secret.length < 32 || secret === DEV_SECRET)) {
    throw new Error('APP_SECRET must be set to a random string of at least 32 characters in production');
  }
  trustedProxyList(parsed.TRUSTED_PROXIES); // refuses a malformed entry at start-up
  // Read where the pools are made (create-db.ts, sql.ts); refused here, at start-up.
  poolSize(process.env.DB_POOL_SIZE);
  poolSize(process.env.SQL_POOL_SIZE);
  statementTimeoutMs(process.env.DB_STATEMENT_TIMEOUT_MS);
  // policy: P3.5 — social sign-in providers (SOCIAL_LOGIN_PROVIDERS, SOCIAL_<ID>_…); none = no button.
  const SOCIAL_PROVIDERS = parseSocialProviders(process.env);
  return { ...parsed, APP_SECRET: secret ?? DEV_SECRET, SOCIAL_PROVIDERS };
}

export const env = parseEnv();
