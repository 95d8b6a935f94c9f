import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createTranslator } from 'next-intl';
import az from '../../../messages/az.json';
import en from '../../../messages/en.json';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import type { StaffUserDTO } from '@/features/auth/roles';
import { assertDpo, exportSubjectAs } from '@/features/dpo/commands';
import { registerRequest } from '@/features/dpo/requests';
import { findSubject, type SubjectRef } from '@/features/dpo/subject';
import { queueMail, type MailConfig } from '@/features/mail/outbox';
import { Refusal } from '@/server/refusal';

/**
 * policy: P7.2, P3.3 — a respondent's own requests (/my-data). The request is proven to come from
 * the holder of the email the data is held under by a one-time link sent there; only a verified
 * request enters the register. An export reaches the respondent as a download link that expires.
 * Tokens are random; the database keeps only their SHA-256.
 */
export const SELF_SERVICE_TYPES = ['access', 'rectification', 'erasure', 'objection', 'withdrawal'] as const;
export const VERIFICATION_HOURS = 24;
export const DOWNLOAD_DAYS = 7;
/** More verification mails than this per address and hour are not sent (the answer looks the same). */
export const VERIFICATIONS_PER_HOUR = 3;

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
  const recent = await db.subjectVerification.count({ where: { email: data.email, createdAt: { gt: new Date(now.getTime() - 3_600_000) } } });
  if (recent >= VERIFICATIONS_PER_HOUR) return { queued: false as const };
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
 * Uses a verification link once: the request enters the register under the subject the email
 * finds. Revoking comment publication (type "withdrawal") needs no one's decision, so it is
 * carried out at once and the request closed with the count.
 */
export async function verifyRequest(db: Db, token: string, now = new Date()): Promise<VerificationOutcome> {
  const peek = await peekVerification(db, token, now);
  if (peek.status !== 'valid') return { status: peek.status };
  const hash = hashToken(token);
  // Claim the token atomically: a second click (or a race) finds it used.
  const { count } = await db.subjectVerification.updateMany({ where: { tokenHash: hash, usedAt: null }, data: { usedAt: now } });
  if (!count) return { status: 'used' };
  const v = await db.subjectVerification.findUniqueOrThrow({ where: { tokenHash: hash } });
  const subject = await findSubject(db, { kind: 'email', value: v.email });
  const request = await registerRequest(
    db,
    'respondent',
    { type: v.type, channel: 'self_service', receivedAt: now, respondentIds: subject.respondentIds, contactEmail: v.email, details: v.details, locale: v.locale === 'en' ? 'en' : 'az' },
    now,
  );
  let completed = false;
  if (v.type === 'withdrawal') {
    const revoked = await revokeAllPublication(db, subject, now);
    await db.dataSubjectRequest.update({ where: { id: request.id }, data: { status: 'completed', closedAt: now, outcome: `self-service: ${revoked} comment publication permission(s) revoked (P3.3)` } });
    await auditEvent(db, { actor: 'respondent', action: 'publication.revoked', target: `request:${request.id}`, counts: { permissions: revoked }, at: now });
    completed = true;
  }
  return { status: 'registered', requestId: request.id, dueAt: request.dueAt, type: v.type, completed };
}

/** policy: P3.3 — every comment publication permission of the subject, revoked. */
export async function revokeAllPublication(db: Db, subject: SubjectRef, now = new Date()) {
  const { count } = await db.publicationPermission.updateMany({
    where: { revokedAt: null, answer: { response: { respondentId: { in: subject.respondentIds } } } },
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
  await db.exportLink.create({ data: { requestId, tokenHash: hashToken(token), createdAt: now, expiresAt } });
  const locale = request.locale === 'en' ? 'en' : 'az';
  const t = mailText(locale);
  await queueMail(db, { to: request.contactEmail, subject: t('exportSubject'), body: t('exportBody', { link: `${site.baseUrl}/${locale}/my-data/download/${token}`, days: DOWNLOAD_DAYS }) }, site.mail);
  await auditEvent(db, { actor: user.id, action: 'request.export_link_sent', target: `request:${requestId}`, at: now });
  return { expiresAt };
}

/** A download link's zip, built from what is held now; null when the link is unknown or expired. */
export async function downloadExport(db: Db, token: string, now = new Date()) {
  if (!looksLikeToken(token)) return { status: 'invalid' as const };
  const link = await db.exportLink.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, expiresAt: true, request: { select: { respondentIds: true } } } });
  if (!link) return { status: 'invalid' as const };
  if (link.expiresAt < now) return { status: 'expired' as const };
  // The subject the register recorded at verification, as it stands now (erased parts are gone).
  const ids = link.request.respondentIds as string[];
  const ref: SubjectRef = ids.length ? await findSubject(db, { kind: 'respondent', value: ids.join(',') }) : { respondentIds: [], consentSubjectKeys: [] };
  const zip = await exportSubjectAs(db, 'self-service', ref, now);
  await db.exportLink.update({ where: { id: link.id }, data: { downloads: { increment: 1 } } });
  return { status: 'ok' as const, zip };
}
