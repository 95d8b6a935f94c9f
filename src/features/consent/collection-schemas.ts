import { z } from 'zod';

/**
 * What the browser may add to a survey form when consent allows it (hidden fields filled by
 * DeviceHints). Strict: nothing beyond the listed usage and fraud fields is accepted (P2.1).
 */
export const HINT_FIELDS = ['hint_timeZone', 'hint_network', 'hint_battery', 'fraud_traits'] as const;

export const clientHintsSchema = z
  .object({
    hint_timeZone: z.string().regex(/^[A-Za-z_+\-/0-9]{1,64}$/).optional(),
    hint_network: z.enum(['slow-2g', '2g', '3g', '4g', 'wifi', 'ethernet', 'cellular', 'other']).optional(),
    hint_battery: z.coerce.number().min(0).max(1).optional(),
    fraud_traits: z.string().max(2000).optional(),
  })
  .strict();
export type ClientHints = z.infer<typeof clientHintsSchema>;

/** policy: P4.2 — device characteristics for fraud detection; nothing that identifies a person by itself. */
export const fraudTraitsSchema = z
  .object({
    screen: z.string().regex(/^\d{1,5}x\d{1,5}$/),
    colorDepth: z.number().int().min(1).max(64),
    pixelRatio: z.number().min(0.1).max(10),
    hardwareConcurrency: z.number().int().min(0).max(1024),
    platform: z.string().max(64),
    timezoneOffset: z.number().int().min(-900).max(900),
    touchPoints: z.number().int().min(0).max(64),
    webdriver: z.boolean(),
    languages: z.array(z.string().max(35)).max(20),
  })
  .strict();
export type FraudTraits = z.infer<typeof fraudTraitsSchema>;

/** Picks the hint fields out of a posted form; the rest is the form's own business. */
export function hintsFromFormData(formData: FormData): ClientHints {
  const raw = Object.fromEntries(HINT_FIELDS.flatMap((k) => (typeof formData.get(k) === 'string' && formData.get(k) !== '' ? [[k, formData.get(k)]] : [])));
  const parsed = clientHintsSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export function parseFraudTraits(json: string | undefined): FraudTraits | null {
  if (!json) return null;
  try {
    const parsed = fraudTraitsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
