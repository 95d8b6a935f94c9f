import { fieldSchema, type AnswerErrorCode } from './schemas';

/**
 * policy: P11.1 — the service is not for children below the age of digital consent of their
 * jurisdiction (GDPR art. 8: 13–16 by country; 16 where nothing else applies).
 */
export const DEFAULT_MINIMUM_AGE = 16;
export const MINIMUM_AGE_RANGE = { min: 13, max: 16 } as const;

/** Age of digital consent by country (ISO 3166-1 alpha-2), where national law sets one. */
export const AGE_OF_DIGITAL_CONSENT: Readonly<Record<string, number>> = {
  AT: 14, BE: 13, BG: 14, CY: 14, CZ: 15, DE: 16, DK: 13, EE: 13, ES: 14, FI: 13, FR: 15, GB: 13,
  GR: 15, HR: 16, HU: 16, IE: 16, IS: 13, IT: 14, LI: 16, LT: 14, LU: 16, LV: 13, MT: 13, NL: 16,
  NO: 13, PL: 16, PT: 13, RO: 16, SE: 13, SI: 15, SK: 16,
};

const clamp = (age: number) => Math.min(MINIMUM_AGE_RANGE.max, Math.max(MINIMUM_AGE_RANGE.min, Math.trunc(age)));

/** The survey's own minimum when it sets one, else its country's, else 16 — always within 13–16. */
export function minimumAgeFor(survey: { minimumAge: number | null; country: string | null }): number {
  if (survey.minimumAge != null) return clamp(survey.minimumAge);
  const national = survey.country ? AGE_OF_DIGITAL_CONSENT[survey.country.toUpperCase()] : undefined;
  return clamp(national ?? DEFAULT_MINIMUM_AGE);
}

/** Completed years between an ISO birth date and an ISO day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function isOldEnough(birthDate: string, today: string, minimumAge: number): boolean {
  return ageOn(birthDate, today) >= minimumAge;
}


export type AgeGateResult = { ok: true } | { ok: false; tooYoung: true } | { ok: false; tooYoung: false; error: AnswerErrorCode };

/** Checks the age-gate answer (a birth date, required). Nothing of it is stored either way. */
export function checkAgeGate(
  survey: { minimumAge: number | null; country: string | null },
  birthDate: FormDataEntryValue | null,
  today: string,
): AgeGateResult {
  const parsed = fieldSchema({ key: 'birth_date', type: 'birth_date', category: 'demographic', required: true, options: [] }, 'complete', today).safeParse(
    typeof birthDate === 'string' ? birthDate : undefined,
  );
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message;
    return { ok: false, tooYoung: false, error: (code as AnswerErrorCode) ?? 'invalid_date' };
  }
  return isOldEnough(String(parsed.data), today, minimumAgeFor(survey)) ? { ok: true } : { ok: false, tooYoung: true };
}
