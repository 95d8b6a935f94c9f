import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { DEMO_SURVEY_SLUG } from '../../prisma/seed';
import { completeDraft, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import { drawWinners, entriesDigest } from '@/features/rewards/draw';
import { enterSweepstakes, handOverToPartnerAs, incentiveStatus, loadVoucherCodesAs, markRewardDeliveredAs, RewardRefusal, runDrawAs } from '@/features/rewards/rewards';
import { eraseSubjectAs, findSubjectAs, viewSubjectAs } from '@/features/dpo/commands';
import { purgeExpiredData } from '@/features/retention/purge';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const TZ = 'Asia/Baku';
const MAIL = { from: 'Sorğu <no-reply@sorgu.test>' };
const REWARD = { timeZone: TZ };

/** policy: P8.1, P5.1, P5.2 — rewards and prize draws, on both databases. */
describe.each(PROVIDERS)('rewards and prize draws on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const staff = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const admin = () => staff('admin@sorgu.test');
  const survey = async (): Promise<SurveyDTO> => (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;

  /** A completed response to the demo survey (it offers a voucher and a draw), with or without an email. */
  async function complete(email: string | null, locale: 'az' | 'en' = 'en') {
    const s = await survey();
    const { responseId } = await startDraft(t.db, s.id, locale);
    await saveSectionAnswers(t.db, responseId, s.sections[0]!.questions, { branch: 'nizami', overall_rating: 5 }, 1);
    await saveSectionAnswers(t.db, responseId, s.sections[1]!.questions, { recommend: 9 }, 2);
    await saveSectionAnswers(t.db, responseId, s.sections[2]!.questions, email ? { email } : {}, 2);
    expect(await completeDraft(t.db, responseId, new Date(), { reward: REWARD })).toBe(true);
    return responseId;
  }
  const mailsTo = (to: string) => t.db.outboxMessage.findMany({ where: { to } });
  const rewardOf = (responseId: string) => t.db.reward.findUnique({ where: { responseId }, include: { voucher: true } });

  it('P8.1 without an email the response completes and earns no reward; with one, a voucher is owed until codes exist, then mailed saying why', async () => {
    const anonymous = await complete(null);
    expect((await t.db.response.findUniqueOrThrow({ where: { id: anonymous } })).status).toBe('completed');
    expect(await rewardOf(anonymous)).toBeNull();
    expect((await incentiveStatus(t.db, anonymous, DEMO_SURVEY_SLUG))).toMatchObject({ rewardKind: 'voucher', hasEmail: false, reward: null });

    const owed = await complete('leyla@example.az', 'az');
    expect(await rewardOf(owed)).toMatchObject({ kind: 'voucher', status: 'owed', voucher: null });
    expect(await mailsTo('leyla@example.az')).toEqual([]);

    const s = await survey();
    expect(await loadVoucherCodesAs(t.db, await admin(), s.id, 'DEMO-AAAA\nDEMO-BBBB\n\nDEMO-AAAA\n', MAIL, TZ)).toEqual({ loaded: 2, skipped: 0, sent: 1 });
    expect(await rewardOf(owed)).toMatchObject({ status: 'sent', voucher: { code: 'DEMO-AAAA' } });
    const [mail] = await mailsTo('leyla@example.az');
    expect(mail!.body).toContain('DEMO-AAAA');
    expect(mail!.body).toContain('Bu məktubu niyə alırsınız');

    // With a code in stock, the voucher goes with the completion.
    const sent = await complete('aysel@example.az');
    expect(await rewardOf(sent)).toMatchObject({ status: 'sent', voucher: { code: 'DEMO-BBBB' } });
    expect((await mailsTo('aysel@example.az'))[0]!.body).toContain('Why you receive this: on');
    // Loading codes again skips the known ones.
    expect(await loadVoucherCodesAs(t.db, await admin(), s.id, 'DEMO-BBBB\nDEMO-CCCC', MAIL, TZ)).toEqual({ loaded: 1, skipped: 1, sent: 0 });
  });

  it('P5.1 two completions at once never get the same code; a bad code list loads nothing; only admins load', async () => {
    const s = await survey();
    await loadVoucherCodesAs(t.db, await admin(), s.id, 'CODE-0001\nCODE-0002\nCODE-0003\nCODE-0004\nCODE-0005\nCODE-0006', MAIL, TZ);
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => complete(`p${i}@example.az`)));
    const rewards = await Promise.all(ids.map(rewardOf));
    const codes = rewards.map((r) => r!.voucher?.code).filter(Boolean);
    // Every free code went out, each once; the two left over are owed until codes are loaded.
    expect([codes.length, new Set(codes).size]).toEqual([6, 6]);
    expect(rewards.filter((r) => r!.status === 'owed')).toHaveLength(2);
    await expect(loadVoucherCodesAs(t.db, await admin(), s.id, 'ok-code-1\nnot a code', MAIL, TZ)).rejects.toBeInstanceOf(ZodError);
    await expect(loadVoucherCodesAs(t.db, await staff('analyst@demo-coffee.test'), s.id, 'CODE-0009', MAIL, TZ)).rejects.toBeInstanceOf(AuthError);
    expect(await t.db.voucherCode.count()).toBe(6);
  });

  it('P5.2 a loyalty bonus reaches the partner only by a recorded hand-over of the email alone; delivery is marked', async () => {
    const s = await survey();
    await t.db.survey.update({ where: { id: s.id }, data: { rewardKind: 'loyalty_bonus', rewardPartner: 'Demo Loyalty Club' } });
    const withEmail = await complete('leyla@example.az');
    await complete(null);
    const handed = await handOverToPartnerAs(t.db, await admin(), s.id);
    expect(handed).toMatchObject({ partner: 'Demo Loyalty Club', rows: [{ email: 'leyla@example.az' }] });
    const reward = (await rewardOf(withEmail))!;
    expect(reward.status).toBe('handed_over');
    const [handover] = await t.db.partnerHandover.findMany();
    expect(handover).toMatchObject({ partner: 'Demo Loyalty Club', purpose: 'reward_delivery', fields: ['email'], rewardId: reward.id });
    // A download that went astray is made again — and recorded again; once delivered, nobody is sent.
    expect((await handOverToPartnerAs(t.db, await admin(), s.id)).rows).toHaveLength(1);
    expect(await t.db.partnerHandover.count()).toBe(2);
    await markRewardDeliveredAs(t.db, await admin(), reward.id);
    expect((await rewardOf(withEmail))!.status).toBe('delivered');
    expect((await handOverToPartnerAs(t.db, await admin(), s.id)).rows).toEqual([]);
    await expect(markRewardDeliveredAs(t.db, await admin(), reward.id)).rejects.toBeInstanceOf(RewardRefusal);
    expect(await t.db.auditEvent.count({ where: { action: 'rewards.handed_over' } })).toBe(3);
  });

  it('P5.8 P7.2 an objection to sharing or a restriction keeps the email from the partner and the voucher from being sent', async () => {
    const s = await survey();
    await t.db.survey.update({ where: { id: s.id }, data: { rewardKind: 'loyalty_bonus', rewardPartner: 'Demo Loyalty Club' } });
    const objecting = await complete('objects@example.az');
    const restricted = await complete('restricted@example.az');
    const plain = await complete('plain@example.az');
    const respondentOf = async (id: string) => (await t.db.response.findUniqueOrThrow({ where: { id } })).respondentId;
    await t.db.respondent.update({ where: { id: await respondentOf(objecting) }, data: { objectsToSharingAt: new Date() } });
    await t.db.respondent.update({ where: { id: await respondentOf(restricted) }, data: { restrictedAt: new Date() } });
    expect((await handOverToPartnerAs(t.db, await admin(), s.id)).rows.map((r) => r.email)).toEqual(['plain@example.az']);
    expect([(await rewardOf(objecting))!.status, (await rewardOf(restricted))!.status, (await rewardOf(plain))!.status]).toEqual(['owed', 'owed', 'handed_over']);
    // Vouchers likewise: a restricted respondent's owed voucher is not sent when codes arrive.
    await t.db.survey.update({ where: { id: s.id }, data: { rewardKind: 'voucher' } });
    const later = await complete('later@example.az');
    await t.db.respondent.update({ where: { id: await respondentOf(later) }, data: { restrictedAt: new Date() } });
    expect((await loadVoucherCodesAs(t.db, await admin(), s.id, 'LATE-0001', MAIL, TZ)).sent).toBe(0);
  });

  it('P5.1 an address given only to validate the survey is never used for a reward', async () => {
    const s = await survey();
    await t.db.question.updateMany({ where: { surveyId: s.id, key: 'email' }, data: { contactPurpose: 'survey_validation' } });
    const id = await complete('validation-only@example.az');
    expect(await rewardOf(id)).toBeNull();
    expect(await enterSweepstakes(t.db, id, DEMO_SURVEY_SLUG)).toBe('no_email');
  });

  it('P5.2 the draw is entered only by choice and with an email; drawn once, reproducibly from its recorded seed; winners told why', async () => {
    const s = await survey();
    const entrants = await Promise.all(['w1@example.az', 'w2@example.az', 'w3@example.az', 'w4@example.az'].map((e) => complete(e)));
    const noEmail = await complete(null);
    const notEntered = await complete('shy@example.az');
    expect(await enterSweepstakes(t.db, noEmail, DEMO_SURVEY_SLUG)).toBe('no_email');
    for (const id of entrants) expect(await enterSweepstakes(t.db, id, DEMO_SURVEY_SLUG)).toBe('entered');
    expect(await enterSweepstakes(t.db, entrants[0]!, DEMO_SURVEY_SLUG)).toBe('entered');
    expect(await enterSweepstakes(t.db, entrants[0]!, 'another-survey')).toBe('closed');
    expect(await t.db.sweepstakesEntry.count()).toBe(4);
    void notEntered;

    await expect(runDrawAs(t.db, await staff('analyst@demo-coffee.test'), s.id, { winners: 2 }, MAIL, TZ)).rejects.toBeInstanceOf(AuthError);
    await expect(runDrawAs(t.db, await admin(), s.id, { winners: 0 }, MAIL, TZ)).rejects.toBeInstanceOf(ZodError);
    const drawn = await runDrawAs(t.db, await admin(), s.id, { winners: 2 }, MAIL, TZ);
    expect(drawn).toMatchObject({ winners: 2, entries: 4 });
    const draw = await t.db.sweepstakesDraw.findUniqueOrThrow({ where: { surveyId: s.id } });
    const entries = await t.db.sweepstakesEntry.findMany();
    // Anyone with the entries and the recorded seed gets the same winners.
    expect(draw.entriesDigest).toBe(entriesDigest(entries.map((e) => e.id)));
    expect(drawWinners(draw.seed, entries.map((e) => e.id), 2).sort()).toEqual(entries.filter((e) => e.wonAt).map((e) => e.id).sort());
    const winnerMails = await t.db.outboxMessage.findMany({ where: { subject: 'Sorğu: you won the prize draw' } });
    expect(winnerMails).toHaveLength(2);
    expect(winnerMails[0]!.body).toContain('you chose to enter this survey’s prize draw');
    expect(await t.db.outboxMessage.count({ where: { to: 'shy@example.az', subject: { contains: 'draw' } } })).toBe(0);
    await expect(runDrawAs(t.db, await admin(), s.id, { winners: 1 }, MAIL, TZ)).rejects.toMatchObject({ code: 'already_drawn' });
    expect(await enterSweepstakes(t.db, notEntered, DEMO_SURVEY_SLUG)).toBe('closed');
    expect((await t.db.auditEvent.findMany({ where: { action: 'sweepstakes.drawn' } })).map((e) => e.counts)).toEqual([{ entries: 4, winners: 2 }]);
  });

  it('P5.2 the draw is a pure function of seed and entries', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `entry-${i}`);
    const a = drawWinners('seed-1', ids, 5);
    expect(drawWinners('seed-1', [...ids].reverse(), 5)).toEqual(a);
    expect(new Set(a).size).toBe(5);
    expect(drawWinners('seed-2', ids, 5)).not.toEqual(a);
    expect(drawWinners('seed-1', ids.slice(0, 3), 5)).toHaveLength(3);
  });

  it('P7.2 P6.1 the DPO sees rewards, entries and hand-overs; erasure removes them and the voucher mail; retention after a year', async () => {
    const s = await survey();
    await loadVoucherCodesAs(t.db, await admin(), s.id, 'ERASE-0001', MAIL, TZ);
    const id = await complete('gone@example.az');
    await enterSweepstakes(t.db, id, DEMO_SURVEY_SLUG);
    const user = await staff('dpo@sorgu.test');
    const subject = await findSubjectAs(t.db, user, { kind: 'email', value: 'gone@example.az' });
    const data = await viewSubjectAs(t.db, user, subject);
    expect(data.categories.rewards!.map((i) => i.field).sort()).toEqual(['reward', 'sweepstakes_entry']);
    expect(data.categories.rewards!.find((i) => i.field === 'reward')!.value).toMatchObject({ kind: 'voucher', status: 'sent', voucherCode: 'ERASE-0001' });
    await eraseSubjectAs(t.db, user, subject);
    expect([await t.db.reward.count(), await t.db.sweepstakesEntry.count(), (await mailsTo('gone@example.az')).length]).toEqual([0, 0, 0]);
    // The code stays given: it is never handed to someone else.
    expect((await t.db.voucherCode.findFirstOrThrow()).assignedAt).toBeInstanceOf(Date);

    const kept = await complete('kept@example.az');
    await enterSweepstakes(t.db, kept, DEMO_SURVEY_SLUG);
    const day = 86_400_000;
    await purgeExpiredData(t.db, { now: new Date(Date.now() + 364 * day) });
    expect(await t.db.reward.count()).toBe(1);
    const purged = await purgeExpiredData(t.db, { now: new Date(Date.now() + 366 * day) });
    expect(purged.rewards).toBe(2);
    expect([await t.db.reward.count(), await t.db.sweepstakesEntry.count()]).toEqual([0, 0]);
  });
});
