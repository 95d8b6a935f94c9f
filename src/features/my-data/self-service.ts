import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createTranslator } from 'next-intl';
import az from '../../../messages/az.json';
import en from '../../../messages/en.json';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import type { StaffUserDTO } from '@/server/authz';
import { assertDpo } from '@/features/dpo/commands';
import { isClosed } from '@/features/dpo/deadlines';
import { buildSubjectZip } from '@/features/dpo/export-zip';
import { registerRequest } from '@/features/dpo/requests';
import { collectSubjectData, emailVariants, findSubject, respondentsSignedInWith, type SubjectRef } from '@/features/dpo/subject';
import { enqueueMail, queueMail, type MailConfig } from '@/features/mail/outbox';
import { wakeMailSender } from '@/features/mail/sender';
import { Refusal } from '@/server/refusal';
import { env } from '@/server/env';
import { hitRateLimit, RATE_LIMITS } from '@/server/rate-limit';

/**
 * policy: P7.2, P3.3 — a respondent's own requests (/my-data). The request is proven to come from
 * the holder of the email the data is held under by a one-time link sent there; only a verified
 * request enters the register, and it covers exactly the respondents whose own contact email is
 * the verified address (resolved once, at verification). An export reaches the respondent as a
 * download link bound to that request: it dies when the request is closed or refused, when the
 * subject is erased, after MAX_DOWNLOADS downloads, and after DOWNLOAD_DAYS.
 * Tokens are random; the database keeps only their SHA-256.
 */
export const SELF_SERVICE_TYPES = ['access', 'rectification', 'erasure', 'objection', 'withdrawal'] as const;
export const VERIFICATION_HOURS = 24;
export const DOWNLOAD_DAYS = 7;
/** A download link serves the zip this many times, then says it is used up. */
export const MAX_DOWNLOADS = 3;
/** More verification mails than this per address and hour are not sent (the answer looks the same). */
export const VERIFICATIONS_PER_HOUR = RATE_LIMITS.verificationMail.perSubject;

const newToken = () => randomBytes(32).toString('base64url');
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

export const selfServiceRequestSchema = z
  .object({
    email: z.string().trim().max(254, 'invalid_email').pipe(z.email('invalid_email')).transform((v) => v.toLowerCase()),
    type: z.enum(SELF_SERVICE_TYPES, 'invalid_choice'),
    details: z.string().trim().max(2000, 'too_long').transform((v) => v || null),
    locale: z.enum(['az', 'en']),
  })
  .strict()
  .refine((r) => r.type !== 'rectification' || r.details, { message: 'details_required', path: ['details'] });

export type SiteLinks = { baseUrl: string; mail: MailConfig };

const mailText = (locale: 'az' | 'en') => createTranslator({ locale, messages: locale === 'az' ? az : en, namespace: 'Mail' });

/** Queues the verification mail. Says nothing about whether data is held under the address. */
export async function requestVerification(db: Db, input: z.input<typeof selfServiceRequestSchema>, site: SiteLinks, now = new Date()) {
  const data = selfServiceRequestSchema.parse(input);
  // Counted atomically before anything is written (a count of recent links was check-then-act:
  // ten requests at once mailed ten links); refused, or unable to count, sends nothing.
  const decision = await hitRateLimit(db, 'verificationMail', { subject: `email ${data.email}` }, { secret: env.APP_SECRET, now });
  if (!decision.allowed) return { queued: false as const };
  const token = newToken();
  await db.subjectVerification.create({
    data: { tokenHash: hashToken(token), email: data.email, type: data.type, details: data.details, locale: data.locale, createdAt: now, expiresAt: new Date(now.getTime() + VERIFICATION_HOURS * 3_600_000) },
  });
  const t = mailText(data.locale);
  await queueMail(
    db,
    {
      to: data.email,
      subject: t('verifySubject'),
      body: t('verifyBody', { type: t(`types.${data.type}`), link: `${site.baseUrl}/${data.locale}/my-data/verify/${token}`, hours: VERIFICATION_HOURS }),
    },
    site.mail,
  );
  return { queued: true as const };
}

export type VerificationOutcome =
  | { status: 'registered'; requestId: string; dueAt: Date; type: string; completed: boolean }
  | { status: 'invalid' | 'expired' | 'used' };

/** What a verification link would do, without using it (the GET page shows this; the POST acts). */
export async function peekVerification(db: Db, token: string, now = new Date()) {
  if (!looksLikeToken(token)) return { status: 'invalid' as const };
  const v = await db.subjectVerification.findUnique({ where: { tokenHash: hashToken(token) }, select: { type: true, usedAt: true, expiresAt: true } });
  if (!v) return { status: 'invalid' as const };
  if (v.usedAt) return { status: 'used' as const };
  if (v.expiresAt < now) return { status: 'expired' as const };
  return { status: 'valid' as const, type: v.type };
}

/**
 * policy: P7.2, P3.5 — the respondents a verified address covers: those whose own contact answer is
 * that email, and those who signed in with a social account whose provider verified that very
 * address (how a signed-in respondent finds their data later). Nobody is added through a shared
 * browser, device or consent key (a family computer links people who never proved anything about
 * each other).
 */
export async function respondentsByContactEmail(db: Pick<Db, 'answer' | 'socialProfile'>, email: string): Promise<string[]> {
  // One after the other: this runs inside verifyRequest's transaction.
  const rows = await db.answer.findMany({
    where: { category: 'contact', question: { type: 'email' }, OR: emailVariants(email).map((v) => ({ value: { equals: v } })) },
    select: { response: { select: { respondentId: true } } },
  });
  const signedIn = await respondentsSignedInWith(db, email);
  return [...new Set([...rows.map((r) => r.response.respondentId), ...signedIn])].sort();
}

/**
 * Uses a verification link once: the request enters the register under the respondents the
 * verified email finds (respondentsByContactEmail), fixed from then on. Revoking comment
 * publication (type "withdrawal") needs no one's decision, so it is carried out at once and the
 * request closed with the count.
 */
export async function verifyRequest(db: Db, token: string, now = new Date()): Promise<VerificationOutcome> {
  const peek = await peekVerification(db, token, now);
  if (peek.status !== 'valid') return { status: peek.status };
  const hash = hashToken(token);
  // Claiming the link, registering the request and (for a withdrawal) carrying it out are one
  // transaction with their audit events (DESIGN.md convention 18): a failure half-way leaves the
  // link unused, so the subject can simply click it again.
  return db.$transaction(async (tx): Promise<VerificationOutcome> => {
    // Claim the token atomically: a second click (or a race) finds it used.
    const { count } = await tx.subjectVerification.updateMany({ where: { tokenHash: hash, usedAt: null }, data: { usedAt: now } });
    if (!count) return { status: 'used' };
    const v = await tx.subjectVerification.findUniqueOrThrow({ where: { tokenHash: hash } });
    const respondentIds = await respondentsByContactEmail(tx, v.email);
    const request = await registerRequest(
      tx,
      'respondent',
      { type: v.type, channel: 'self_service', receivedAt: now, respondentIds, contactEmail: v.email, details: v.details, locale: v.locale === 'en' ? 'en' : 'az' },
      now,
    );
    if (v.type !== 'withdrawal') return { status: 'registered', requestId: request.id, dueAt: request.dueAt, type: v.type, completed: false };
    const revoked = await revokeAllPublication(tx, respondentIds, now);
    await tx.dataSubjectRequest.update({ where: { id: request.id }, data: { status: 'completed', closedAt: now, outcome: `self-service: ${revoked} comment publication permission(s) revoked (P3.3)` } });
    await auditEvent(tx, { actor: 'respondent', action: 'publication.revoked', target: `request:${request.id}`, counts: { permissions: revoked }, at: now });
    return { status: 'registered', requestId: request.id, dueAt: request.dueAt, type: v.type, completed: true };
  });
}

/** policy: P3.3 — every comment publication permission of these respondents, revoked. */
export async function revokeAllPublication(db: Pick<Db, 'publicationPermission'>, respondentIds: string[], now = new Date()) {
  const { count } = await db.publicationPermission.updateMany({
    where: { revokedAt: null, answer: { response: { respondentId: { in: respondentIds } } } },
    data: { revokedAt: now },
  });
  return count;
}

export class ExportLinkError extends Refusal {
  constructor(readonly code: 'not_an_export_request' | 'no_contact' | 'closed' | 'subject_not_attached') {
    super(code);
    this.name = 'ExportLinkError';
  }
}

/** The DPO answers an access or portability request: a download link, mailed to the subject. */
export async function sendExportLinkAs(db: Db, user: StaffUserDTO, requestId: string, site: SiteLinks, now = new Date()) {
  assertDpo(user);
  const request = await db.dataSubjectRequest.findUnique({ where: { id: requestId }, select: { id: true, type: true, status: true, contactEmail: true, locale: true, respondentIds: true } });
  if (!request || (request.type !== 'access' && request.type !== 'portability')) throw new ExportLinkError('not_an_export_request');
  if (request.status === 'completed' || request.status === 'refused') throw new ExportLinkError('closed');
  if (!request.contactEmail) throw new ExportLinkError('no_contact');
  // An empty zip would look like "we hold nothing" when the subject was merely not found yet;
  // "nothing held" is an outcome the DPO writes when closing the request.
  if ((request.respondentIds as string[]).length === 0) throw new ExportLinkError('subject_not_attached');
  const token = newToken();
  const expiresAt = new Date(now.getTime() + DOWNLOAD_DAYS * 86_400_000);
  const locale = request.locale === 'en' ? 'en' : 'az';
  const t = mailText(locale);
  const mail = { to: request.contactEmail, subject: t('exportSubject'), body: t('exportBody', { link: `${site.baseUrl}/${locale}/my-data/download/${token}`, days: DOWNLOAD_DAYS, downloads: MAX_DOWNLOADS }) };
  // The link, the mail carrying it and the audit event: one transaction; the mail leaves after it.
  const [, queued] = await db.$transaction([
    db.exportLink.create({ data: { requestId, tokenHash: hashToken(token), createdAt: now, expiresAt } }),
    enqueueMail(db, mail),
    auditEvent(db, { actor: user.id, action: 'request.export_link_sent', target: `request:${requestId}`, at: now }),
  ]);
  void wakeMailSender(db, site.mail);
  return { expiresAt };
}

export type DownloadProblem = 'invalid' | 'expired' | 'closed' | 'gone' | 'used_up';

declare const verifiedRequest: unique symbol;
/**
 * The proof a self-service export rests on: a download link of a verified request, claimed by
 * claimDownload (the only maker of one). It names the subject fixed at verification.
 */
export type VerifiedExport = { readonly requestId: string; readonly subject: SubjectRef; readonly [verifiedRequest]: true };

/**
 * Checks a download link against its request and claims one download. The subject is the one the
 * register fixed at verification, never searched again: if any of it is gone (erased, or deleted
 * as a minor) the link is dead rather than serving a part of someone.
 */
async function claimDownload(db: Db, token: string, now: Date): Promise<{ status: 'ok'; verified: VerifiedExport } | { status: DownloadProblem }> {
  if (!looksLikeToken(token)) return { status: 'invalid' };
  const link = await db.exportLink.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, expiresAt: true, request: { select: { id: true, status: true, contactEmail: true, respondentIds: true } } },
  });
  if (!link) return { status: 'invalid' };
  if (link.expiresAt < now) return { status: 'expired' };
  if (isClosed(link.request)) return { status: 'closed' };
  const ids = link.request.respondentIds as string[];
  const respondents = await db.respondent.findMany({ where: { id: { in: ids }, deactivatedAt: null }, select: { id: true, consentSubjectKey: true } });
  // Erasure also clears the request's contact address.
  if (!link.request.contactEmail || ids.length === 0 || respondents.length !== new Set(ids).size) return { status: 'gone' };
  // One download claimed atomically: of racing clicks, at most MAX_DOWNLOADS get the zip.
  const { count } = await db.exportLink.updateMany({ where: { id: link.id, downloads: { lt: MAX_DOWNLOADS } }, data: { downloads: { increment: 1 } } });
  if (!count) return { status: 'used_up' };
  // Exactly the respondents fixed at verification, with the browsers that are theirs alone (a
  // browser shared with someone else is a lead for the DPO, never part of a self-service export).
  // Their requests for help under the verified address belong to the export too (P5.1).
  const subject: SubjectRef = { ...(await findSubject(db, { kind: 'respondent', value: respondents.map((r) => r.id).join(',') })), supportEmails: [link.request.contactEmail] };
  return { status: 'ok', verified: { requestId: link.request.id, subject } as VerifiedExport };
}

/**
 * policy: P7.2 — the self-service export: the same zip as the DPO's, for the subject a verified
 * request names, audited on that request's trail with the respondent as actor.
 */
export async function exportForVerifiedRequest(db: Db, verified: VerifiedExport, now = new Date()) {
  const data = await collectSubjectData(db, verified.subject, now, { verifiedEmailOnly: true });
  const zip = buildSubjectZip(data);
  const counts = {
    ...Object.fromEntries(Object.entries(data.categories).map(([c, items]) => [c, items.length])),
    consents: data.consents.length,
    responses: data.responses.length,
  };
  await auditEvent(db, { actor: 'respondent', action: 'subject.exported', target: `request:${verified.requestId}`, counts, at: now });
  return zip;
}

/** A download link's zip, built from what is held now, or why the link no longer works. */
export async function downloadExport(db: Db, token: string, now = new Date()) {
  const claim = await claimDownload(db, token, now);
  if (claim.status !== 'ok') return { status: claim.status };
  return { status: 'ok' as const, zip: await exportForVerifiedRequest(db, claim.verified, now) };
}
