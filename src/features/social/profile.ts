import { z } from 'zod';

/**
 * policy: P2.1, P3.5 — of everything a provider says about a person, the social category keeps
 * name, email and picture (and the provider's id of the person, to recognise them again). Locale,
 * birth date, phone, friends, posts: never read, never stored. Each kept value is checked; one that
 * does not pass is dropped, not stored half-valid.
 */
export type SocialProfileData = { externalId: string; name: string | null; email: string | null; emailVerified: boolean; pictureUrl: string | null };

type Claims = Record<string, unknown>;

const name = z.string().trim().min(1).max(200);
const email = z.string().trim().max(254).pipe(z.email()).transform((v) => v.toLowerCase());
// Only a web address: never javascript:, data: or anything a page could be made to run.
const picture = z.url({ protocol: /^https?$/ }).max(2000);
const subject = z.string().min(1).max(255);

const pick = <T>(schema: z.ZodType<T>, ...values: unknown[]): T | null => {
  for (const value of values) {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
  }
  return null;
};

/** The ID token's claims and userinfo's (userinfo first: it is where providers put the profile). */
export function profileFromClaims(idClaims: Claims, userinfo: Claims): SocialProfileData {
  const externalId = subject.parse(idClaims.sub);
  const mail = pick(email, userinfo.email, idClaims.email);
  // Verified means the provider says so of that very address.
  const fromUserinfo = mail !== null && pick(email, userinfo.email) === mail;
  const verified = (fromUserinfo ? userinfo.email_verified : idClaims.email_verified) === true;
  return {
    externalId,
    name: pick(name, userinfo.name, idClaims.name),
    email: mail,
    emailVerified: mail !== null && verified,
    pictureUrl: pick(picture, userinfo.picture, idClaims.picture),
  };
}

/**
 * policy: P3.5 — what a signed-in respondent finds filled in: the email questions they have not
 * answered yet get the profile's address, as a value in the field they can change or clear.
 * Nothing is saved until they send the section themselves.
 */
export function prefillFromProfile(questions: { key: string; type: string }[], profile: Pick<SocialProfileData, 'email'> | null, saved: Record<string, unknown>): Record<string, string> {
  if (!profile?.email) return {};
  return Object.fromEntries(questions.filter((q) => q.type === 'email' && saved[q.key] === undefined).map((q) => [q.key, profile.email!]));
}
