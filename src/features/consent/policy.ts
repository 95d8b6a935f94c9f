import { NOTHING_GRANTED, OPTIONAL_CONSENT_CATEGORIES, type ConsentCategory, type ConsentChoice } from './categories';

/** Pure consent decisions: facts in, decision out (unit-tested without a database). */

export type PolicyVersionFacts = { id: string; version: number; effectiveAt: Date; material: boolean };
export type ConsentFacts = ConsentChoice & { id: string; policyVersion: { version: number } };

/** The version in force at `now`: the newest whose effective date has come. */
export function versionInForce<T extends PolicyVersionFacts>(versions: T[], now: Date): T | null {
  return (
    versions
      .filter((v) => v.effectiveAt <= now)
      .sort((a, b) => b.version - a.version)[0] ?? null
  );
}

/**
 * policy: P1.2 — consent must have been given under the newest material version in force (or a
 * later one). Version 1 counts as material: there is nothing older to rely on.
 */
export function versionConsentMustCover(versions: PolicyVersionFacts[], now: Date): number {
  const material = versions.filter((v) => v.effectiveAt <= now && (v.material || v.version === 1));
  return material.length ? Math.max(...material.map((v) => v.version)) : 1;
}

/** policy: P1.2, P4.2 — is this consent still valid under the policy versions in force? */
export function consentIsCurrent(consent: ConsentFacts | null, mustCover: number): consent is ConsentFacts {
  return consent !== null && consent.policyVersion.version >= mustCover;
}

/**
 * policy: P4.2, P9.1 — may data of `category` be collected now? Only under a current consent
 * that grants it; with no consent, or an outdated one, nothing is collected.
 */
export function consentGrants(consent: ConsentFacts | null, category: ConsentCategory, mustCover: number): boolean {
  return consentIsCurrent(consent, mustCover) && consent[category];
}

/** The grants that hold now (all false without a current consent). */
export function effectiveGrants(consent: ConsentFacts | null, mustCover: number): ConsentChoice {
  if (!consentIsCurrent(consent, mustCover)) return NOTHING_GRANTED;
  return Object.fromEntries(OPTIONAL_CONSENT_CATEGORIES.map((c) => [c, consent[c]])) as ConsentChoice;
}

/**
 * policy: P3.5, P4.3, P1.2 — may a social sign-in's profile be kept and used now? Only under a
 * current consent that grants `social`.
 */
export function socialGranted(consent: (ConsentFacts & { social: boolean }) | null, mustCover: number): boolean {
  return consentIsCurrent(consent, mustCover) && consent.social;
}

/** policy: P4.2 — categories a new choice switches off: their data held so far must be erased. */
export function withdrawnCategories(choice: ConsentChoice): ConsentCategory[] {
  return OPTIONAL_CONSENT_CATEGORIES.filter((c) => !choice[c]);
}

const ANNOUNCE_FOR_MS = 30 * 86_400_000;

/**
 * policy: P1.2 — a non-material version is announced only: a person whose (still valid) consent
 * predates it is told for 30 days after it takes effect; nothing is asked again.
 */
export function shouldAnnounceVersion(consent: ConsentFacts | null, inForce: PolicyVersionFacts | null, mustCover: number, now: Date): boolean {
  if (!inForce || !consentIsCurrent(consent, mustCover)) return false;
  return inForce.version > consent.policyVersion.version && now.getTime() - inForce.effectiveAt.getTime() < ANNOUNCE_FOR_MS;
}
