import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, clientScope, type StaffUserDTO } from '@/server/authz';
import { Refusal } from '@/server/refusal';
import { assertBuilder } from '@/features/builder/commands';
import { newId } from '@/lib/ids';
import { draftTextSchema } from '@/lib/localized-text';
import { enqueueMail, type MailConfig } from '@/features/mail/outbox';
import { wakeMailSender } from '@/features/mail/sender';
import { mailText } from '@/features/mail/mail-text';
import { readContactsCsv, type ContactError } from './contacts-csv';
import { invitationToken, invitationTokenHash } from './tokens';
import { availability } from '@/features/survey/fieldwork';
import { completedCount } from '@/features/survey/quotas';

/**
 * Invitations (issue 13, part 4): a survey's contact list, the personal single-use links, the
 * invitation and at most `maxReminders` reminders by mail through the outbox, and the opt-out.
 * policy: P5.1 — delivering a survey is a necessary contact: every mail says why it came and how
 * to stop them; an opt-out is honoured at once (what is still unsent is dropped). The list is
 * personal data (category contact): in the deletion register, the subject view, the retention purge.
 */
export class InvitationRefusal extends Refusal {}

/** How long after a mail a reminder may follow (a second click on "send reminders" sends nothing). */
export const REMINDER_GAP_MS = 20 * 3600_000;
const BATCH = 500;

const SURVEY_FIELDS = {
  id: true,
  slug: true,
  status: true,
  title: true,
  maxReminders: true,
  reminderAfterDays: true,
  opensAt: true,
  closesAt: true,
  maxResponses: true,
  client: { select: { name: true } },
  questions: { where: { type: 'hidden' as const }, select: { key: true } },
};

async function surveyInScope(db: Db, user: StaffUserDTO, surveyId: string) {
  assertBuilder(user);
  const survey = await db.survey.findFirst({ where: { id: surveyId, ...clientScope(user) }, select: SURVEY_FIELDS });
  if (!survey) throw new AuthError('forbidden');
  return survey;
}
type InvitingSurvey = Awaited<ReturnType<typeof surveyInScope>>;

export type ImportResult = { ok: true; added: number; alreadyListed: number } | { ok: false; errors: ContactError[] };

/** A CSV of contacts added to a survey's list: all of it, or — with any problem — none of it. */
export async function importContactsAs(db: Db, user: StaffUserDTO, surveyId: string, stream: ReadableStream<Uint8Array>, secret: string, now = new Date()): Promise<ImportResult> {
  const survey = await surveyInScope(db, user, surveyId);
  if (survey.status === 'closed') throw new InvitationRefusal('survey_closed');
  const { rows, errors } = await readContactsCsv(stream, survey.questions.map((q) => q.key));
  if (errors.length) return { ok: false, errors };
  return db.$transaction(
    async (tx) => {
      const listed = await tx.invitation.findMany({ where: { surveyId }, select: { email: true, phone: true } });
      const known = new Set(listed.flatMap((c) => [c.email && `e:${c.email}`, c.phone && `p:${c.phone}`].filter(Boolean)));
      const fresh = rows.filter((r) => !(r.email && known.has(`e:${r.email}`)) && !(r.phone && known.has(`p:${r.phone}`)));
      const data = fresh.map((r) => {
        const id = newId();
        return { id, surveyId, email: r.email, phone: r.phone, locale: r.locale, linkValues: Object.keys(r.linkValues).length ? r.linkValues : undefined, tokenHash: invitationTokenHash(invitationToken(id, secret)), createdAt: now };
      });
      if (data.length) await tx.invitation.createMany({ data });
      // Counts only: never an address in the audit.
      await auditEvent(tx, { actor: user.id, action: 'invitations.imported', target: `survey:${surveyId}`, counts: { added: data.length, alreadyListed: rows.length - data.length } });
      return { ok: true as const, added: data.length, alreadyListed: rows.length - data.length };
    },
    { timeout: 60_000 },
  );
}

export type Mailing = { baseUrl: string; mail: MailConfig; secret: string };

/**
 * The invitation, or the reminders now due: to contacts with an email who have not opted out —
 * reminders only to those who have not finished (completed, or ended early), at most
 * `maxReminders` each, REMINDER_GAP_MS after their last mail. Each mail is queued in the
 * transaction that records it, under a condition on the contact's state, so two clicks at once
 * send one mail each. A survey must be published: a link to a draft would open nothing.
 */
export async function sendInvitationsAs(db: Db, user: StaffUserDTO, surveyId: string, kind: 'invite' | 'remind', mailing: Mailing, now = new Date()) {
  const survey = await surveyInScope(db, user, surveyId);
  if (survey.status !== 'published') throw new InvitationRefusal('not_published');
  // Not before it opens, nor after it closed or reached its cap: the link would open nothing (P5.1).
  if (!(await isOpen(db, survey, now))) throw new InvitationRefusal('not_open');
  return sendMail(db, survey, kind, mailing, now, { actor: user.id, gapMs: REMINDER_GAP_MS });
}

const DAY_MS = 86_400_000;

/**
 * The job runner's reminders (jobs.ts): for every published, open survey that asks for automatic
 * reminders, those due `reminderAfterDays` after each contact's last mail — the same rules and the
 * same conditional writes as the button, so a click and the job at once send one mail each.
 */
export async function sendDueReminders(db: Db, mailing: Mailing, now = new Date()) {
  const surveys = await db.survey.findMany({ where: { status: 'published', reminderAfterDays: { not: null } }, select: SURVEY_FIELDS });
  let sent = 0;
  for (const survey of surveys) {
    if (!(await isOpen(db, survey, now))) continue;
    const gapMs = Math.max(REMINDER_GAP_MS, survey.reminderAfterDays! * DAY_MS);
    // Audited when something went (a staff press is audited always; an hourly "none due" is noise).
    sent += (await sendMail(db, survey, 'remind', mailing, now, { actor: 'system', gapMs, auditNone: false })).sent;
  }
  return { surveys: surveys.length, sent };
}

async function isOpen(db: Db, survey: Pick<InvitingSurvey, 'id' | 'opensAt' | 'closesAt' | 'maxResponses'>, now: Date) {
  const completed = survey.maxResponses === null ? 0 : await completedCount(db, survey.id);
  return availability({ opensAt: survey.opensAt, closesAt: survey.closesAt, maxResponses: survey.maxResponses }, now, completed).kind === 'open';
}

async function sendMail(db: Db, survey: InvitingSurvey, kind: 'invite' | 'remind', mailing: Mailing, now: Date, { actor, gapMs, auditNone = true }: { actor: string; gapMs: number; auditNone?: boolean }) {
  const surveyId = survey.id;
  const due =
    kind === 'invite'
      ? { invitedAt: null }
      : {
          invitedAt: { not: null },
          remindersSent: { lt: survey.maxReminders },
          lastMailedAt: { lt: new Date(now.getTime() - gapMs) },
          // Not once they started: a response in progress is reminded, one that ended (or was deleted) is not.
          OR: [{ startedAt: null }, { response: { status: 'in_progress' as const } }],
        };
  const contacts = await db.invitation.findMany({
    where: { surveyId, email: { not: null }, optedOutAt: null, ...due },
    select: { id: true, email: true, locale: true, remindersSent: true, lastMailedAt: true },
    orderBy: { createdAt: 'asc' },
    take: BATCH,
  });
  const title = draftTextSchema.parse(survey.title);
  let sent = 0;
  for (const c of contacts) {
    const token = invitationToken(c.id, mailing.secret);
    const lang = c.locale === 'en' ? 'en' : 'az';
    const t = mailText(lang);
    const values = {
      client: survey.client.name,
      survey: title[lang] || title.az || title.en,
      link: `${mailing.baseUrl}/${lang}/s/${survey.slug}?invite=${token}`,
      optOut: `${mailing.baseUrl}/${lang}/invitations/${token}/opt-out`,
      reminders: survey.maxReminders,
    };
    const wrote = await db.$transaction(async (tx) => {
      // Only if still as read: a parallel click, or an opt-out meanwhile, sends nothing.
      const { count } = await tx.invitation.updateMany({
        where: { id: c.id, optedOutAt: null, ...(kind === 'invite' ? { invitedAt: null } : { remindersSent: c.remindersSent, lastMailedAt: c.lastMailedAt }) },
        data: kind === 'invite' ? { invitedAt: now, lastMailedAt: now } : { remindersSent: { increment: 1 }, lastMailedAt: now },
      });
      if (count !== 1) return false;
      const mail = kind === 'invite' ? { subject: t('invitationSubject', values), body: t('invitationBody', values) } : { subject: t('reminderSubject', values), body: t('reminderBody', values) };
      await enqueueMail(tx, { to: c.email!, ...mail, invitationId: c.id });
      return true;
    });
    if (wrote) sent++;
  }
  const [withoutEmail, left] = await Promise.all([
    kind === 'invite' ? db.invitation.count({ where: { surveyId, email: null, invitedAt: null } }) : Promise.resolve(0),
    db.invitation.count({ where: { surveyId, email: { not: null }, optedOutAt: null, ...due } }),
  ]);
  if (sent || auditNone) await auditEvent(db, { actor, action: kind === 'invite' ? 'invitations.sent' : 'invitations.reminded', target: `survey:${surveyId}`, counts: { sent } });
  if (sent) void wakeMailSender(db, mailing.mail);
  return { sent, withoutEmail, left };
}

/**
 * policy: P5.1 — the contact asks for no more mail about this survey: recorded, and what is still
 * waiting in the outbox for them is dropped, in one transaction. Their link still works.
 */
export async function optOut(db: Db, token: string, now = new Date()): Promise<boolean> {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: invitationTokenHash(token) }, select: { id: true, surveyId: true, optedOutAt: true } });
  if (!invitation) return false;
  if (invitation.optedOutAt) return true;
  await db.$transaction(async (tx) => {
    await tx.invitation.updateMany({ where: { id: invitation.id, optedOutAt: null }, data: { optedOutAt: now } });
    const { count } = await tx.outboxMessage.deleteMany({ where: { invitationId: invitation.id, sentAt: null } });
    await auditEvent(tx, { actor: 'respondent', action: 'invitation.opted_out', target: `survey:${invitation.surveyId}`, counts: { unsentDropped: count } });
  });
  return true;
}

/** The invitation a token names on this survey (start, the survey page), or null. */
export async function invitationFor(db: Pick<Db, 'invitation'>, surveyId: string, token: string) {
  return db.invitation.findFirst({ where: { tokenHash: invitationTokenHash(token), surveyId }, select: { id: true, linkValues: true } });
}

/** The first response an invitation's link started is recorded with it (started / completed in the list). */
export async function linkInvitationResponse(db: Pick<Db, 'invitation'>, invitationId: string, responseId: string, now = new Date()) {
  await db.invitation.updateMany({ where: { id: invitationId, responseId: null }, data: { responseId } });
  await db.invitation.updateMany({ where: { id: invitationId, startedAt: null }, data: { startedAt: now } });
}

export type InvitationStatus = 'not_invited' | 'invited' | 'started' | 'completed' | 'screened_out' | 'quota_full' | 'abandoned' | 'removed';

/** The contact list as staff see it: who was invited, reminded, started, completed, opted out. */
export async function listInvitationsAs(db: Db, user: StaffUserDTO, surveyId: string, take = 500) {
  const survey = await surveyInScope(db, user, surveyId);
  const [rows, total] = await Promise.all([
    db.invitation.findMany({
      where: { surveyId },
      orderBy: { createdAt: 'asc' },
      take,
      select: { id: true, email: true, phone: true, locale: true, invitedAt: true, startedAt: true, remindersSent: true, lastMailedAt: true, optedOutAt: true, response: { select: { status: true } } },
    }),
    db.invitation.count({ where: { surveyId } }),
  ]);
  // Reading a contact list is accountable, as reading responses is: who, which, how many.
  await auditEvent(db, { actor: user.id, action: 'invitations.viewed', target: `survey:${surveyId}`, counts: { contacts: rows.length } });
  return {
    survey: { id: survey.id, slug: survey.slug, status: survey.status, title: draftTextSchema.parse(survey.title), maxReminders: survey.maxReminders, reminderAfterDays: survey.reminderAfterDays, hiddenKeys: survey.questions.map((q) => q.key) },
    total,
    rows: rows.map((r) => ({
      ...r,
      // A response that is gone (stopped and deleted, or purged as partial) leaves "removed".
      status: (r.response ? (r.response.status === 'in_progress' ? 'started' : r.response.status) : r.startedAt ? 'removed' : r.invitedAt ? 'invited' : 'not_invited') as InvitationStatus,
    })),
  };
}
