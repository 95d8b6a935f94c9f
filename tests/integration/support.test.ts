import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { eraseSubjectAs, exportSubjectAs, findSubjectAs, viewSubjectAs } from '@/features/dpo/commands';
import { handleForSearch, resolveSubjectHandle } from '@/features/dpo/subject-handle';
import { purgeExpiredData } from '@/features/retention/purge';
import { closeSupportRequestAs, getSupportRequestAs, listSupportRequestsAs, replyToSupportRequestAs, sendSupportRequest, SupportRefusal } from '@/features/support/requests';
import { dumpAllRows, PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { seedFullSubject } from '../helpers/subjects';

const MAIL = { from: 'Sorğu <no-reply@sorgu.test>' };
const TZ = 'Asia/Baku';

describe.each(PROVIDERS)('requests for help on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const staff = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const admin = () => staff('admin@sorgu.test');

  it('P5.1 a request stores topic, message and an optional address (lower-cased); bad input stores nothing', async () => {
    const { id } = await sendSupportRequest(t.db, { topic: 'reward', message: '  Where is my voucher?  ', email: ' Aysu@Example.AZ ', locale: 'az' });
    expect(await t.db.supportRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ topic: 'reward', message: 'Where is my voucher?', email: 'aysu@example.az', locale: 'az', closedAt: null });
    const anonymous = await sendSupportRequest(t.db, { topic: 'other', message: 'No address, just telling you.', email: '', locale: 'en' });
    expect((await t.db.supportRequest.findUniqueOrThrow({ where: { id: anonymous.id } })).email).toBeNull();
    for (const bad of [
      { topic: 'marketing', message: 'Please add me to your newsletter', email: '', locale: 'en' },
      { topic: 'other', message: 'short', email: '', locale: 'en' },
      { topic: 'other', message: 'A long enough message', email: 'not-an-address', locale: 'en' },
      { topic: 'other', message: 'A long enough message', email: '', locale: 'en', phone: '+994501234567' },
    ]) {
      await expect(sendSupportRequest(t.db, bad as never)).rejects.toBeInstanceOf(ZodError);
    }
    expect(await t.db.supportRequest.count()).toBe(2);
    expect(await t.db.auditEvent.count({ where: { action: 'support.received' } })).toBe(2);
  });

  it('P5.1 one answer form sent twice, even at once, is one answer and one mail', async () => {
    const { id } = await sendSupportRequest(t.db, { topic: 'reward', message: 'Where is my voucher, please?', email: 'twice@example.az', locale: 'en' });
    const replyKey = crypto.randomUUID();
    const send = async () => replyToSupportRequestAs(t.db, await admin(), id, { body: 'It is on its way.', replyKey }, MAIL, TZ);
    await Promise.all([send(), send()]);
    await send();
    expect(await t.db.supportReply.count({ where: { requestId: id } })).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { to: 'twice@example.az' } })).toBe(1);
    // Another form (another key) is another answer.
    await replyToSupportRequestAs(t.db, await admin(), id, { body: 'And here is more.', replyKey: crypto.randomUUID() }, MAIL, TZ);
    expect(await t.db.outboxMessage.count({ where: { to: 'twice@example.az' } })).toBe(2);
  });

  it('P5.1 an answer is mailed to the address given, and only there, in the person’s language, saying why they get it', async () => {
    const { id } = await sendSupportRequest(t.db, { topic: 'taking_survey', message: 'The page did not load for me.', email: 'aysu@example.az', locale: 'az' });
    await replyToSupportRequestAs(t.db, await admin(), id, { body: 'Sorğunu indi yenidən açın, zəhmət olmasa.' }, MAIL, TZ);
    // Opening it is audited (who read whose message), never with its content.
    await getSupportRequestAs(t.db, await admin(), id);
    expect(await t.db.auditEvent.count({ where: { action: 'support.viewed', target: `support:${id}` } })).toBe(1);
    const mail = await t.db.outboxMessage.findMany();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: 'aysu@example.az', subject: 'Sorğu: kömək sorğunuza cavab' });
    expect(mail[0]!.body).toContain('Sorğunu indi yenidən açın');
    expect(mail[0]!.body).toMatch(/Bu məktubu niyə alırsınız: \d{4}-\d{2}-\d{2} tarixində Sorğu-dan kömək istədiniz \(sorğunun doldurulması\)/);
    expect(await t.db.supportReply.count({ where: { requestId: id } })).toBe(1);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'support.replied' } });
    expect(audit.counts).toEqual({ mails: 1 });
    expect(JSON.stringify(audit)).not.toContain('aysu');
  });

  it('P5.1 without an address nothing can be sent; a closed request takes no answer; only admins see and answer the queue', async () => {
    const anonymous = await sendSupportRequest(t.db, { topic: 'other', message: 'No address, just telling you.', email: '', locale: 'en' });
    await expect(replyToSupportRequestAs(t.db, await admin(), anonymous.id, { body: 'Thanks' }, MAIL, TZ)).rejects.toMatchObject({ code: 'no_address' });
    const withAddress = await sendSupportRequest(t.db, { topic: 'other', message: 'Please answer me here.', email: 'x@example.az', locale: 'en' });
    for (const role of ['analyst@demo-coffee.test', 'dpo@sorgu.test']) {
      const user = await staff(role);
      await expect(listSupportRequestsAs(t.db, user)).rejects.toBeInstanceOf(AuthError);
      await expect(replyToSupportRequestAs(t.db, user, withAddress.id, { body: 'Hi' }, MAIL, TZ)).rejects.toBeInstanceOf(AuthError);
      await expect(closeSupportRequestAs(t.db, user, withAddress.id)).rejects.toBeInstanceOf(AuthError);
    }
    await closeSupportRequestAs(t.db, await admin(), withAddress.id);
    await expect(replyToSupportRequestAs(t.db, await admin(), withAddress.id, { body: 'Late' }, MAIL, TZ)).rejects.toBeInstanceOf(SupportRefusal);
    await expect(closeSupportRequestAs(t.db, await admin(), withAddress.id)).rejects.toMatchObject({ code: 'closed' });
    expect(await t.db.outboxMessage.count()).toBe(0);
    const queue = await listSupportRequestsAs(t.db, await admin());
    expect(queue.open.map((r) => r.id)).toEqual([anonymous.id]);
    expect(queue.closed.map((r) => r.id)).toEqual([withAddress.id]);
  });

  it('P7.2 someone who only asked for help is found by their address: seen, exported and erased with the answers sent', async () => {
    const dpo = await staff('dpo@sorgu.test');
    const { id } = await sendSupportRequest(t.db, { topic: 'my_data', message: 'What do you keep about me?', email: 'only-help@example.az', locale: 'en' });
    await replyToSupportRequestAs(t.db, await admin(), id, { body: 'Ask at /my-data, please.' }, MAIL, TZ);
    await sendSupportRequest(t.db, { topic: 'other', message: 'Someone else entirely.', email: 'other@example.az', locale: 'en' });

    const subject = await findSubjectAs(t.db, dpo, { kind: 'email', value: 'Only-Help@example.az' });
    expect(subject).toMatchObject({ respondentIds: [], supportEmails: ['only-help@example.az'] });
    // The DPO's page address is the sealed search, which finds the same subject again.
    const handle = await handleForSearch({ kind: 'email', value: 'only-help@example.az' }, subject);
    expect(handle.kind).toBe('search');
    expect(await resolveSubjectHandle(t.db, handle)).toEqual(subject);

    const data = await viewSubjectAs(t.db, dpo, subject);
    expect(Object.keys(data.categories)).toEqual(['support']);
    expect(data.categories.support![0]).toMatchObject({ lawfulBasis: 'legitimate_interests', value: { topic: 'my_data', message: 'What do you keep about me?', replies: [{ body: 'Ask at /my-data, please.' }] } });
    const files = unzipSync((await exportSubjectAs(t.db, dpo, subject)).bytes);
    expect(strFromU8(files['support.csv']!)).toContain('What do you keep about me?');
    expect(Object.values(files).map((f) => strFromU8(f)).join('\n')).not.toContain('Someone else entirely.');

    const counts = await eraseSubjectAs(t.db, dpo, subject);
    expect(counts).toMatchObject({ supportRequests: 1, supportReplies: 1 });
    const all = await dumpAllRows(t.db, provider);
    expect(all).not.toContain('What do you keep about me?');
    expect(all).not.toContain('only-help@example.az');
    expect(all).toContain('Someone else entirely.');
  });

  it('P7.2 P5.1 an address merely typed into a contact field links no request for help: never shown, exported or erased with that respondent', async () => {
    const dpo = await staff('dpo@sorgu.test');
    // Alice typed an address as her contact email; its owner wrote to support.
    const alice = await seedFullSubject(t.db, 'alice');
    await sendSupportRequest(t.db, { topic: 'reward', message: 'The owner of that address asks something.', email: alice.email, locale: 'en' });
    const byRespondent = await findSubjectAs(t.db, dpo, { kind: 'respondent', value: alice.respondentId });
    expect((await viewSubjectAs(t.db, dpo, byRespondent)).categories.support).toBeUndefined();
    await eraseSubjectAs(t.db, dpo, byRespondent);
    expect(await t.db.supportRequest.count()).toBe(1);
    // Found by the address itself, the request is part of the subject.
    const byAddress = await findSubjectAs(t.db, dpo, { kind: 'email', value: alice.email });
    expect(byAddress.supportEmails).toEqual([alice.email]);
    expect((await viewSubjectAs(t.db, dpo, byAddress)).categories.support).toHaveLength(1);
  });

  it('P7.2 a verified self-service request names the requests for help under its address, also without any respondent', async () => {
    const dpo = await staff('dpo@sorgu.test');
    await sendSupportRequest(t.db, { topic: 'my_data', message: 'Please send me what you hold.', email: 'helper@example.az', locale: 'en' });
    const request = await t.db.dataSubjectRequest.create({
      data: { type: 'access', channel: 'self_service', receivedAt: new Date(), dueAt: new Date(Date.now() + 30 * 86_400_000), respondentIds: [], contactEmail: 'helper@example.az' },
    });
    const subject = await resolveSubjectHandle(t.db, { kind: 'request', id: request.id });
    expect(subject).toEqual({ respondentIds: [], consentSubjectKeys: [], supportEmails: ['helper@example.az'] });
    expect((await viewSubjectAs(t.db, dpo, subject!)).categories.support).toHaveLength(1);
  });

  it('P6.1 a request goes a year after its last message or closing, answers with it', async () => {
    const at = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * 86_400_000);
    const { id } = await sendSupportRequest(t.db, { topic: 'other', message: 'Kept for a year after the last message.', email: 'y@example.az', locale: 'en' }, at(0));
    await replyToSupportRequestAs(t.db, await admin(), id, { body: 'Answered later.' }, MAIL, TZ, at(100));
    expect((await purgeExpiredData(t.db, { now: at(400) })).support).toBe(0);
    expect((await purgeExpiredData(t.db, { now: at(466) })).support).toBe(1);
    expect(await t.db.supportRequest.count()).toBe(0);
    expect(await t.db.supportReply.count()).toBe(0);
  });
});
