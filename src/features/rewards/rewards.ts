import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Prisma } from '@/generated/sqlite';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import type { StaffUserDTO } from '@/server/authz';
import { Refusal } from '@/server/refusal';
import { databaseProvider } from '@/server/create-db';
import { lockKey } from '@/server/chain-lock';
import { assertAdmin } from '@/features/admin/commands';
import { enqueueMail, type MailConfig } from '@/features/mail/outbox';
import { wakeMailSender } from '@/features/mail/sender';
import { mailText } from '@/features/mail/mail-text';
import { dayOf } from '@/lib/dates';
import { draftTextSchema } from '@/lib/localized-text';
import { drawWinners, entriesDigest } from './draw';

/**
 * policy: P8.1, P5.1, P5.2 — rewards and prize draws.
 * - A survey may offer a reward (a voucher code, or a loyalty bonus a partner delivers) and a prize
 *   draw. A completed response earns the reward only with a contact email to deliver it: giving
 *   none makes the respondent ineligible for the reward, never for the survey (P8.1).
 * - A voucher is mailed to that address with the code, saying why (P5.1). A loyalty bonus is owed
 *   until an admin hands the address over to the partner: each hand-over records to whom, when,
 *   which fields and by whom (P5.2).
 * - The draw is entered only by the respondent's own choice after finishing (never ticked in
 *   advance), drawn once per survey from a recorded seed, and its winners are told by mail.
 * Staff here are the operator's admins: contact data is not shown to Clients' analysts.
 */

type Tx = Prisma.TransactionClient;

export class RewardRefusal extends Refusal {
  constructor(code: 'gone' | 'no_draw' | 'already_drawn' | 'no_entries' | 'not_a_partner_reward') {
    super(code);
    this.name = 'RewardRefusal';
  }
}

/**
 * The email this response gave to receive its reward (a contact question asked for reward
 * delivery, P5.1), or null — an address given to validate the survey or for support is never used.
 */
async function contactEmailOf(tx: Pick<Tx, 'answer'>, responseId: string): Promise<string | null> {
  const answer = await tx.answer.findFirst({
    where: { responseId, category: 'contact', question: { type: 'email', contactPurpose: 'reward_delivery' } },
    orderBy: { createdAt: 'asc' },
    select: { value: true },
  });
  return typeof answer?.value === 'string' ? answer.value : null;
}

const surveyTitle = (title: unknown, locale: string) => draftTextSchema.parse(title)[locale === 'en' ? 'en' : 'az'];

/** Gives one owed voucher reward a free code and mails it; false when no code is left. */
async function sendVoucher(tx: Tx, rewardId: string, timeZone: string, now: Date): Promise<boolean> {
  const reward = await tx.reward.findUniqueOrThrow({
    where: { id: rewardId },
    select: { surveyId: true, responseId: true, response: { select: { locale: true, completedAt: true } }, survey: { select: { title: true, rewardPartner: true } } },
  });
  const to = await contactEmailOf(tx, reward.responseId);
  if (!to) return false;
  // Two completions at once never share a code: the update claims it only while it is free; one
  // that lost the race tries the next free code, until there is none.
  for (;;) {
    const code = await tx.voucherCode.findFirst({ where: { surveyId: reward.surveyId, assignedAt: null }, orderBy: { loadedAt: 'asc' }, select: { id: true, code: true } });
    if (!code) return false;
    const { count } = await tx.voucherCode.updateMany({ where: { id: code.id, assignedAt: null }, data: { assignedAt: now, rewardId } });
    if (!count) continue;
    const t = mailText(reward.response.locale);
    await enqueueMail(tx, {
      to,
      subject: t('voucherSubject'),
      body: t('voucherBody', {
        code: code.code,
        partner: reward.survey.rewardPartner ?? 'Sorğu',
        survey: surveyTitle(reward.survey.title, reward.response.locale),
        date: dayOf(reward.response.completedAt ?? now, timeZone),
      }),
    });
    await tx.reward.update({ where: { id: rewardId }, data: { status: 'sent', sentAt: now } });
    return true;
  }
}

/** policy: P7.2, P5.8 — whose contact data may still be used for a reward: not restricted, no objection to sharing. */
const MAY_DELIVER = { respondent: { restrictedAt: null, objectsToSharingAt: null } };

/**
 * Called in the transaction that completes a response of a survey offering a reward: the reward
 * is recorded as owed with the completion or not at all (P8.1: no email, no reward — the response
 * counts). Only a row: nothing here may keep a respondent's answers from being accepted.
 */
export async function earnReward(tx: Tx, responseId: string, now = new Date()): Promise<string | null> {
  const response = await tx.response.findUniqueOrThrow({ where: { id: responseId }, select: { surveyId: true, respondentId: true, survey: { select: { rewardKind: true } } } });
  const kind = response.survey.rewardKind;
  if (!kind || !(await contactEmailOf(tx, responseId))) return null;
  const reward = await tx.reward.create({ data: { surveyId: response.surveyId, responseId, respondentId: response.respondentId, kind, status: 'owed', createdAt: now }, select: { id: true } });
  await auditEvent(tx, { actor: 'respondent', action: 'reward.earned', target: `survey:${response.surveyId}`, counts: { rewards: 1 }, at: now });
  return kind === 'voucher' ? reward.id : null;
}

/**
 * After the completion committed: the voucher's code and mail, in a transaction of their own. If
 * this fails (or no code is free) the reward stays owed, listed for admins, and goes out when codes
 * are loaded.
 */
export async function sendEarnedVoucher(db: Db, rewardId: string, timeZone: string, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => ((await tx.reward.count({ where: { id: rewardId, status: 'owed', ...MAY_DELIVER } })) ? sendVoucher(tx, rewardId, timeZone, now) : false));
}

export const voucherCodesSchema = z
  .string()
  .max(200_000, 'too_long')
  .transform((text) => [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))])
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/, 'invalid_code')).min(1, 'required').max(10_000, 'too_long'));

/**
 * Loads voucher codes (one per line) for a survey offering vouchers; codes it already has are
 * skipped. Rewards still owed get their code and mail at once, in the same transaction.
 */
export async function loadVoucherCodesAs(db: Db, user: StaffUserDTO, surveyId: string, text: string, mail: MailConfig, timeZone: string, now = new Date()) {
  assertAdmin(user);
  const codes = voucherCodesSchema.parse(text);
  const result = await db.$transaction(
    async (tx) => {
      const survey = await tx.survey.findUnique({ where: { id: surveyId }, select: { rewardKind: true } });
      if (!survey) throw new RewardRefusal('gone');
      const known = new Set((await tx.voucherCode.findMany({ where: { surveyId, code: { in: codes } }, select: { code: true } })).map((c) => c.code));
      const fresh = codes.filter((c) => !known.has(c));
      for (let i = 0; i < fresh.length; i += 500) {
        await tx.voucherCode.createMany({ data: fresh.slice(i, i + 500).map((code) => ({ surveyId, code, loadedAt: now, loadedById: user.id })) });
      }
      let sent = 0;
      const owed = await tx.reward.findMany({ where: { surveyId, kind: 'voucher', status: 'owed', ...MAY_DELIVER }, orderBy: { createdAt: 'asc' }, select: { id: true } });
      for (const reward of owed) {
        if (!(await sendVoucher(tx, reward.id, timeZone, now))) break;
        sent++;
      }
      await auditEvent(tx, { actor: user.id, action: 'rewards.codes_loaded', target: `survey:${surveyId}`, counts: { loaded: fresh.length, skipped: codes.length - fresh.length, vouchersSent: sent }, at: now });
      return { loaded: fresh.length, skipped: codes.length - fresh.length, sent };
    },
    { timeout: 60_000 },
  );
  if (result.sent) void wakeMailSender(db, mail);
  return result;
}

/**
 * policy: P5.2 — the loyalty bonuses not yet delivered, handed to the survey's partner: the CSV
 * the partner receives (reference, email — nothing else) and one hand-over record per respondent
 * each time (a download that went astray is simply made again, and recorded again). A respondent
 * who objected to sharing (P5.8) or whose processing is restricted (P7.2) is left out: their
 * reward stays owed, for the DPO to settle with them.
 */
export async function handOverToPartnerAs(db: Db, user: StaffUserDTO, surveyId: string, now = new Date()) {
  assertAdmin(user);
  return db.$transaction(async (tx) => {
    const survey = await tx.survey.findUnique({ where: { id: surveyId }, select: { rewardKind: true, rewardPartner: true, slug: true } });
    if (!survey) throw new RewardRefusal('gone');
    if (survey.rewardKind !== 'loyalty_bonus' || !survey.rewardPartner) throw new RewardRefusal('not_a_partner_reward');
    const owed = await tx.reward.findMany({
      where: { surveyId, status: { in: ['owed', 'handed_over'] }, kind: 'loyalty_bonus', ...MAY_DELIVER },
      orderBy: { createdAt: 'asc' },
      select: { id: true, responseId: true, respondentId: true },
    });
    const rows: { reference: string; email: string }[] = [];
    for (const reward of owed) {
      const email = await contactEmailOf(tx, reward.responseId);
      if (!email) continue;
      rows.push({ reference: reward.id, email });
      await tx.partnerHandover.create({ data: { respondentId: reward.respondentId, rewardId: reward.id, partner: survey.rewardPartner, purpose: 'reward_delivery', fields: ['email'], at: now, byId: user.id } });
      await tx.reward.update({ where: { id: reward.id }, data: { status: 'handed_over' } });
    }
    await auditEvent(tx, { actor: user.id, action: 'rewards.handed_over', target: `survey:${surveyId}`, counts: { respondents: rows.length }, at: now });
    return { partner: survey.rewardPartner, slug: survey.slug, rows };
  }, { timeout: 60_000 });
}

export async function markRewardDeliveredAs(db: Db, user: StaffUserDTO, rewardId: string, now = new Date()) {
  assertAdmin(user);
  await db.$transaction(async (tx) => {
    const { count } = await tx.reward.updateMany({ where: { id: rewardId, status: { in: ['sent', 'handed_over'] } }, data: { status: 'delivered', deliveredAt: now } });
    if (!count) throw new RewardRefusal('gone');
    await auditEvent(tx, { actor: user.id, action: 'rewards.delivered', target: `reward:${rewardId}`, at: now });
  });
}

/** What the rewards page shows: the offer, codes left, every reward by status, the draw. */
export async function rewardsOverviewAs(db: Db, user: StaffUserDTO, surveyId: string) {
  assertAdmin(user);
  const survey = await db.survey.findUnique({ where: { id: surveyId }, select: { id: true, title: true, rewardKind: true, rewardPartner: true, sweepstakes: true } });
  if (!survey) return null;
  const [codesLeft, codesUsed, rewards, entries, draw] = await Promise.all([
    db.voucherCode.count({ where: { surveyId, assignedAt: null } }),
    db.voucherCode.count({ where: { surveyId, assignedAt: { not: null } } }),
    db.reward.findMany({ where: { surveyId }, orderBy: { createdAt: 'desc' }, take: 500, select: { id: true, kind: true, status: true, createdAt: true, sentAt: true, deliveredAt: true, handovers: { select: { partner: true, at: true } } } }),
    db.sweepstakesEntry.count({ where: { surveyId } }),
    db.sweepstakesDraw.findUnique({ where: { surveyId } }),
  ]);
  const winners = draw ? await db.sweepstakesEntry.count({ where: { surveyId, wonAt: { not: null } } }) : 0;
  return { survey, codesLeft, codesUsed, rewards, entries, draw, winners };
}

/** policy: P5.2 — the respondent's own choice, after finishing; only with an address to tell a winner. */
export async function enterSweepstakes(db: Db, responseId: string, slug: string, now = new Date()): Promise<'entered' | 'no_email' | 'closed'> {
  return db.$transaction(async (tx) => {
    const response = await tx.response.findFirst({
      where: { id: responseId, status: 'completed', survey: { slug, sweepstakes: true } },
      select: { surveyId: true, respondentId: true },
    });
    if (!response) return 'closed';
    // The same lock as the draw: an entry is either in the draw or refused, never lost between.
    await lockKey(tx, databaseProvider(db), `draw:${response.surveyId}`);
    if (await tx.sweepstakesDraw.count({ where: { surveyId: response.surveyId } })) return 'closed';
    if (!(await contactEmailOf(tx, responseId))) return 'no_email';
    if (await tx.sweepstakesEntry.count({ where: { responseId } })) return 'entered';
    await tx.sweepstakesEntry.create({ data: { surveyId: response.surveyId, responseId, respondentId: response.respondentId, enteredAt: now } });
    await auditEvent(tx, { actor: 'respondent', action: 'sweepstakes.entered', target: `survey:${response.surveyId}`, at: now });
    return 'entered';
  });
}

/** What the done page says about the reward and the draw for this response. */
export async function incentiveStatus(db: Db, responseId: string, slug: string) {
  const response = await db.response.findFirst({
    where: { id: responseId, status: 'completed', survey: { slug } },
    select: {
      survey: { select: { rewardKind: true, rewardPartner: true, sweepstakes: true, sweepstakesDraw: { select: { id: true } } } },
      reward: { select: { status: true } },
      sweepstakesEntry: { select: { id: true } },
    },
  });
  if (!response) return null;
  const hasEmail = Boolean(await contactEmailOf(db, responseId));
  return {
    rewardKind: response.survey.rewardKind,
    partner: response.survey.rewardPartner,
    reward: response.reward?.status ?? null,
    hasEmail,
    sweepstakes: response.survey.sweepstakes && !response.survey.sweepstakesDraw,
    entered: Boolean(response.sweepstakesEntry),
  };
}

export const drawSchema = z.object({ winners: z.coerce.number().int('invalid').min(1, 'invalid').max(1000, 'invalid') }).strict();

/**
 * policy: P5.2 — the survey's one draw: a fresh random seed, the entries of respondents whose
 * processing is not restricted, winners picked by drawWinners (reproducible from what is stored),
 * each told by mail why. Audited with counts.
 */
export async function runDrawAs(db: Db, user: StaffUserDTO, surveyId: string, input: z.input<typeof drawSchema>, mail: MailConfig, timeZone: string, now = new Date()) {
  assertAdmin(user);
  const { winners: wanted } = drawSchema.parse(input);
  const result = await db.$transaction(async (tx) => {
    await lockKey(tx, databaseProvider(db), `draw:${surveyId}`);
    const survey = await tx.survey.findUnique({ where: { id: surveyId }, select: { sweepstakes: true, title: true, sweepstakesDraw: { select: { id: true } } } });
    if (!survey) throw new RewardRefusal('gone');
    if (!survey.sweepstakes) throw new RewardRefusal('no_draw');
    if (survey.sweepstakesDraw) throw new RewardRefusal('already_drawn');
    const entries = await tx.sweepstakesEntry.findMany({ where: { surveyId, respondent: { restrictedAt: null } }, select: { id: true, responseId: true, enteredAt: true, response: { select: { locale: true } } } });
    if (!entries.length) throw new RewardRefusal('no_entries');
    const seed = randomBytes(32).toString('hex');
    const ids = entries.map((e) => e.id);
    const won = drawWinners(seed, ids, wanted);
    // The unique survey id makes a second draw, even at the same moment, fail whole.
    await tx.sweepstakesDraw.create({ data: { surveyId, seed, entriesDigest: entriesDigest(ids), entryCount: ids.length, winnerCount: won.length, drawnAt: now, drawnById: user.id } });
    await tx.sweepstakesEntry.updateMany({ where: { id: { in: won } }, data: { wonAt: now } });
    for (const entry of entries.filter((e) => won.includes(e.id))) {
      const to = await contactEmailOf(tx, entry.responseId);
      if (!to) continue;
      const t = mailText(entry.response.locale);
      await enqueueMail(tx, { to, subject: t('drawWonSubject'), body: t('drawWonBody', { survey: surveyTitle(survey.title, entry.response.locale), date: dayOf(entry.enteredAt, timeZone) }) });
    }
    await auditEvent(tx, { actor: user.id, action: 'sweepstakes.drawn', target: `survey:${surveyId}`, counts: { entries: ids.length, winners: won.length }, at: now });
    return { seed, winners: won.length, entries: ids.length };
  });
  void wakeMailSender(db, mail);
  return result;
}
