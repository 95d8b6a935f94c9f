import 'server-only';
import { z } from 'zod';

/** The environment, parsed once (DESIGN.md convention 11). */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().optional(),
  /** Time zone used to format dates and times shown to respondents. */
  APP_TIME_ZONE: z.string().default('Asia/Baku'),
  /** Drafts untouched this long are marked abandoned (policy: P3.1). */
  DRAFT_ABANDON_AFTER_HOURS: z.coerce.number().positive().default(72),
  /** How often the server marks abandoned drafts; 0 switches the sweep off. */
  DRAFT_SWEEP_INTERVAL_MINUTES: z.coerce.number().min(0).default(60),
});

export const env = schema.parse(process.env);
