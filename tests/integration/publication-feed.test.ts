import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { eraseSubjectAs, findSubjectAs, setObjectionAs, setRestrictionAs, withdrawConsentAs } from '@/features/dpo/commands';
import { revokeAllPublication } from '@/features/my-data/self-service';
import { feedPreflight, feedResponse, surveyCommentsPage } from '@/features/publication/feed';
import { FeedKeyRefusal, issueFeedKeyAs, listFeedKeysAs, revokeFeedKeyAs } from '@/features/publication/feed-keys';
import { dumpAllRows, PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { seedFullSubject } from '../helpers/subjects';

const TZ = 'Asia/Baku';

/**
 * policy: P3.3, P5.2, P5.8, P7.2 — the publication feed, through the route's own handler: a real
 * Request in, a real Response out (tests/e2e/publication-feed.spec.ts reads it over HTTP from the
 * running app).
 */
describe.each(PROVIDERS)('publication feed on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const staff = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const admin = () => staff('admin@sorgu.test');
  const dpo = () => staff('dpo@sorgu.test');
  const clientId = async (slug: string) => (await t.db.client.findUniqueOrThrow({ where: { slug } })).id;
  const coffeeKey = async () => (await issueFeedKeyAs(t.db, await admin(), await clientId('demo-coffee'), { label: 'Website widget' })).key;

  async function read(key: string | null, query = '') {
    const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
    const response = await feedResponse(t.db, new Request(`http://sorgu.test/api/feed${query}`, { headers }), TZ);
    return { status: response.status, headers: response.headers, body: (await response.json()) as { client?: string; comments?: { survey: string; comment: string; rating: number | null; date: string }[]; error?: string } };
  }
  const comments = async (key: string) => ((await read(key)).body.comments ?? []).map((c) => c.comment);

  it('P3.3 P5.2 carries the permitted comments only: comment, rating and day, no identifier, never cached', async () => {
    const alice = await seedFullSubject(t.db, 'alice', { completedAt: new Date('2026-11-30T21:30:00Z') });
    await seedFullSubject(t.db, 'bob', { completedAt: new Date('2026-12-01T08:00:00Z') });
    const carol = await seedFullSubject(t.db, 'carol');
    await t.db.publicationPermission.delete({ where: { answerId: carol.commentAnswerId } });
    const { status, headers, body } = await read(await coffeeKey());
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('access-control-allow-origin')).toBe('*');
    // Newest first; 21:30 UTC on 30 November is already 1 December in Baku.
    expect(body).toEqual({
      client: 'Demo Coffee',
      comments: [
        { survey: 'cafe-visit', comment: 'Comment by bob', rating: 4, date: '2026-12-01' },
        { survey: 'cafe-visit', comment: 'Comment by alice', rating: 4, date: '2026-12-01' },
      ],
    });
    const text = JSON.stringify(body);
    for (const secret of [alice.respondentId, alice.responseId, alice.commentAnswerId, alice.email, alice.subjectKey, 'T21:30']) expect(text).not.toContain(secret);
  });

  it('P3.3 a response without a rating publishes its comment with rating null', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    await t.db.answer.deleteMany({ where: { responseId: alice.responseId, question: { key: 'overall_rating' } } });
    expect((await read(await coffeeKey())).body.comments).toMatchObject([{ comment: 'Comment by alice', rating: null }]);
  });

  it('P3.3 the rating is published only under a permission whose wording named it', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    await t.db.publicationPermission.update({ where: { answerId: alice.commentAnswerId }, data: { includesRating: false } });
    expect((await read(await coffeeKey())).body.comments).toMatchObject([{ comment: 'Comment by alice', rating: null }]);
  });

  it('P3.3 P5.8 P7.2 a revoked permission, an objection, a restriction, a withdrawal or an erasure removes the comment from the very next read', async () => {
    const key = await coffeeKey();
    const user = await dpo();
    const subjectOf = async (respondentId: string) => findSubjectAs(t.db, user, { kind: 'respondent', value: respondentId });
    const [alice, bob, carol, dan, erin] = await Promise.all(['alice', 'bob', 'carol', 'dan', 'erin'].map((m) => seedFullSubject(t.db, m)));
    expect((await comments(key)).sort()).toEqual(['Comment by alice', 'Comment by bob', 'Comment by carol', 'Comment by dan', 'Comment by erin']);

    await revokeAllPublication(t.db, [alice!.respondentId]);
    expect(await comments(key)).not.toContain('Comment by alice');

    await setObjectionAs(t.db, user, await subjectOf(bob!.respondentId), true);
    expect(await comments(key)).not.toContain('Comment by bob');

    await setRestrictionAs(t.db, user, await subjectOf(carol!.respondentId), true);
    expect(await comments(key)).not.toContain('Comment by carol');
    await setRestrictionAs(t.db, user, await subjectOf(carol!.respondentId), false);
    expect(await comments(key)).toContain('Comment by carol');

    await withdrawConsentAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'consent', value: dan!.consentId }));
    expect(await comments(key)).not.toContain('Comment by dan');

    await eraseSubjectAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: erin!.email }));
    expect((await comments(key)).sort()).toEqual(['Comment by carol']);
    // The embeddable page reads the same query.
    expect((await surveyCommentsPage(t.db, 'cafe-visit', TZ))!.comments.map((c) => c.comment)).toEqual(['Comment by carol']);
  });

  it('P3.3 drafts and draft surveys are never published', async () => {
    const key = await coffeeKey();
    const alice = await seedFullSubject(t.db, 'alice');
    await t.db.response.update({ where: { id: alice.responseId }, data: { status: 'in_progress', completedAt: null } });
    expect(await comments(key)).toEqual([]);
    await t.db.response.update({ where: { id: alice.responseId }, data: { status: 'completed', completedAt: new Date() } });
    await t.db.survey.update({ where: { slug: 'cafe-visit' }, data: { status: 'draft' } });
    expect(await comments(key)).toEqual([]);
    expect(await surveyCommentsPage(t.db, 'cafe-visit', TZ)).toBeNull();
    await t.db.survey.update({ where: { slug: 'cafe-visit' }, data: { status: 'closed' } });
    expect(await comments(key)).toEqual(['Comment by alice']);
    expect(await surveyCommentsPage(t.db, 'no-such-survey', TZ)).toBeNull();
  });

  it('P5.5 a key opens its own Client’s comments only', async () => {
    await seedFullSubject(t.db, 'alice');
    const bakery = await issueFeedKeyAs(t.db, await admin(), await clientId('demo-bakery'), { label: 'Bakery site' });
    expect((await read(bakery.key)).body).toEqual({ client: 'Demo Bakery', comments: [] });
    expect((await read(bakery.key, '?survey=cafe-visit')).body.comments).toEqual([]);
  });

  it('P3.3 a missing, malformed, unknown or revoked key gets one and the same 401; revoking works at once and is audited', async () => {
    const user = await admin();
    await seedFullSubject(t.db, 'alice');
    const { id, key } = await issueFeedKeyAs(t.db, user, await clientId('demo-coffee'), { label: 'Website widget' });
    expect((await read(key)).status).toBe(200);
    await revokeFeedKeyAs(t.db, user, id);
    await revokeFeedKeyAs(t.db, user, id);
    const unknown = `sfk_${'A'.repeat(43)}`;
    for (const presented of [null, '', 'not-a-key', unknown, key, `${key}x`]) {
      const { status, headers, body } = await read(presented);
      expect([status, body, headers.get('www-authenticate')]).toEqual([401, { error: 'invalid_key' }, 'Bearer realm="sorgu-feed"']);
    }
    expect(await listFeedKeysAs(t.db, user, await clientId('demo-coffee'))).toMatchObject([{ id, label: 'Website widget', revokedAt: expect.any(Date) }]);
    const audit = await t.db.auditEvent.findMany({ where: { action: { startsWith: 'feed_key.' } }, orderBy: { at: 'asc' } });
    expect(audit.map((e) => [e.action, e.actor])).toEqual([['feed_key.issued', user.id], ['feed_key.revoked', user.id]]);
    // Only the key's hash is stored: a copy of the database opens no feed.
    expect(await dumpAllRows(t.db, provider)).not.toContain(key.slice(4));
  });

  it('P3.3 the query is validated: one survey, a limit of 1 to 1000, anything else a 400', async () => {
    const key = await coffeeKey();
    await seedFullSubject(t.db, 'alice');
    await seedFullSubject(t.db, 'bob');
    expect((await read(key, '?limit=1')).body.comments).toHaveLength(1);
    expect((await read(key, '?survey=cafe-visit')).body.comments).toHaveLength(2);
    expect((await read(key, '?survey=other-survey')).body.comments).toEqual([]);
    for (const bad of ['?limit=0', '?limit=1001', '?limit=ten', '?survey=Cafe%20Visit', '?survey=x']) {
      const { status, body } = await read(key, bad);
      expect([bad, status, body.error]).toEqual([bad, 400, 'invalid_query']);
    }
    expect(feedPreflight().headers.get('access-control-allow-headers')).toBe('authorization');
  });

  it('P3.3 only admins issue and revoke keys; a label is required; a key for a missing Client or a missing key is refused', async () => {
    const coffee = await clientId('demo-coffee');
    for (const email of ['analyst@demo-coffee.test', 'dpo@sorgu.test']) {
      const user = await staff(email);
      await expect(issueFeedKeyAs(t.db, user, coffee, { label: 'Mine' })).rejects.toBeInstanceOf(AuthError);
      await expect(listFeedKeysAs(t.db, user, coffee)).rejects.toBeInstanceOf(AuthError);
    }
    const { id } = await issueFeedKeyAs(t.db, await admin(), coffee, { label: 'Website widget' });
    await expect(revokeFeedKeyAs(t.db, await staff('analyst@demo-coffee.test'), id)).rejects.toBeInstanceOf(AuthError);
    await expect(issueFeedKeyAs(t.db, await admin(), coffee, { label: '   ' })).rejects.toBeInstanceOf(ZodError);
    await expect(issueFeedKeyAs(t.db, await admin(), 'no-such-client', { label: 'x' })).rejects.toBeInstanceOf(FeedKeyRefusal);
    await expect(revokeFeedKeyAs(t.db, await admin(), 'no-such-key')).rejects.toBeInstanceOf(FeedKeyRefusal);
    expect(await t.db.publicationFeedKey.count()).toBe(1);
  });
});
