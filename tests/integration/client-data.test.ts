import { describe, expect, it } from 'vitest';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { importClientDataAs, getClientDataImportAs, listClientDataImportsAs } from '@/features/client-data/import';
import type { MatchKey } from '@/features/client-data/csv-rows';
import { clientFieldsOf, groupsOf, type ClientGroup } from '@/features/client-data/breakdown';
import { eraseSubjectAs, findSubjectAs, removeClientValueAs } from '@/features/dpo/commands';
import { collectSubjectData, findSubject, type SubjectData } from '@/features/dpo/subject';
import { surveyReport } from '@/features/responses/queries';
import { purgeExpiredData } from '@/features/retention/purge';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { seedFullSubject } from '../helpers/subjects';

const csv = (text: string) => new Blob([text]).stream();

/** policy: P4.4, P3.2, P5.5 — Client data: upload, matching, and what it may be used for. */
describe.each(PROVIDERS)('Client data on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const staff = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const admin = () => staff('admin@sorgu.test');
  const clientId = async (slug: string) => (await t.db.client.findUniqueOrThrow({ where: { slug } })).id;
  const upload = async (text: string, matchKey: MatchKey = 'email', user?: StaffUserDTO, slug = 'demo-coffee') =>
    importClientDataAs(t.db, user ?? (await admin()), { clientId: await clientId(slug), matchKey, fileName: 'loyalty.csv', stream: csv(text) });
  // A subject in every category, but without the Client data the helper gives them: these tests upload their own.
  const seedSubject = async (marker: string) => {
    const subject = await seedFullSubject(t.db, marker);
    await t.db.clientDatum.deleteMany({ where: { respondentId: subject.respondentId } });
    await t.db.clientDataImport.deleteMany({ where: { data: { none: {} } } });
    return subject;
  };
  const dataOf = async (respondentId: string) =>
    Object.fromEntries((await t.db.clientDatum.findMany({ where: { respondentId } })).map((d) => [d.field, d.value]));

  it('P4.4 matched rows are stored with category client, legitimate interests and their source; unmatched rows are dropped', async () => {
    const alice = await seedSubject('alice');
    const bob = await seedSubject('bob');
    const result = await upload(`email,tier,loyalty_member,transactions_total\nALICE@example.az,gold,yes,1520.50\nbob@example.az,silver,no,\nstranger@example.az,bronze,yes,10\n`);
    expect(result.status).toBe('imported');
    expect(await dataOf(alice.respondentId)).toEqual({ tier: 'gold', loyalty_member: 'yes', transactions_total: '1520.50' });
    // An empty cell stores nothing for that field.
    expect(await dataOf(bob.respondentId)).toEqual({ tier: 'silver', loyalty_member: 'no' });
    const rows = await t.db.clientDatum.findMany({ where: { respondentId: alice.respondentId } });
    expect(rows.every((r) => r.category === 'client' && r.lawfulBasis === 'legitimate_interests' && r.importId === result.id)).toBe(true);
    // The stranger is nowhere: not their values, not their address.
    expect(await t.db.clientDatum.count()).toBe(5);
    const upload_ = (await getClientDataImportAs(t.db, await admin(), result.id))!;
    expect(upload_).toMatchObject({ status: 'imported', rowCount: 3, matchedRows: 2, fileName: 'loyalty.csv', storageRegion: 'EU', fields: ['tier', 'loyalty_member', 'transactions_total'], client: { name: 'Demo Coffee' } });
    expect(JSON.stringify(await t.db.clientDataImport.findMany())).not.toContain('stranger');
    const [event] = await t.db.auditEvent.findMany({ where: { action: 'client_data.imported' } });
    expect(event!.counts).toEqual({ rows: 3, matchedRows: 2, unmatchedRows: 1, values: 5 });
  });

  it('P4.4 one bad row stores nothing; every problem is reported with its line number', async () => {
    await seedSubject('alice');
    const result = await upload(['email,tier', 'alice@example.az,gold', 'not-an-address,silver', 'alice@example.az,bronze', '"unterminated,gold', ''].join('\n'));
    expect(result.status).toBe('rejected');
    const { errors } = (await getClientDataImportAs(t.db, await admin(), result.id))!;
    expect(errors).toEqual([
      { line: 3, column: 'email', code: 'invalid_email' },
      { line: 4, column: 'email', code: 'duplicate_key' },
      { line: expect.any(Number), code: 'csv_syntax' },
    ]);
    expect(await t.db.clientDatum.count()).toBe(0);
    expect((await t.db.auditEvent.findMany({ where: { action: 'client_data.rejected' } })).map((e) => e.counts)).toEqual([{ rows: 3, errors: 3 }]);
  });

  it('P4.4 the header must name the key column and valid fields; long values, control characters and ragged rows are refused', async () => {
    const errorsOf = async (text: string, key: MatchKey = 'email') => (await getClientDataImportAs(t.db, await admin(), (await upload(text, key)).id))!.errors;
    expect(await errorsOf('mail,tier\nx@y.az,gold')).toEqual([{ line: 1, column: 'email', code: 'missing_key_column' }]);
    expect(await errorsOf('email,phone\nx@y.az,+994501234567')).toEqual([{ line: 1, column: 'phone', code: 'bad_column_name' }]);
    expect(await errorsOf('email\nx@y.az')).toEqual([{ line: 1, code: 'no_fields' }]);
    expect(await errorsOf('email,Tier,tier,tier\nx@y.az,a,b,c')).toEqual([{ line: 1, column: '#2', code: 'bad_column_name' }, { line: 1, column: 'tier', code: 'duplicate_column' }]);
    expect(await errorsOf(`email,tier\nx@y.az,${'g'.repeat(201)}\ny@y.az,a\u0000b\nz@y.az,gold,extra`)).toEqual([
      { line: 2, column: 'tier', code: 'value_too_long' },
      { line: 3, column: 'tier', code: 'control_characters' },
      { line: 4, code: 'column_count' },
    ]);
    expect(await errorsOf('phone,tier\n12,gold', 'phone')).toEqual([{ line: 2, column: 'phone', code: 'invalid_phone' }]);
    expect(await errorsOf('customer_id,tier\nbad id!,gold', 'customer_id')).toEqual([{ line: 2, column: 'customer_id', code: 'invalid_customer_id' }]);
    expect(await errorsOf('')).toEqual([{ line: 1, code: 'empty_file' }]);
    expect(await errorsOf('email,tier\n')).toEqual([{ line: 2, code: 'no_rows' }]);
    expect(await t.db.clientDatum.count()).toBe(0);
  });

  it('P4.4 matching by phone and by the customer id the survey link carried; a BOM and quoted cells are read', async () => {
    const alice = await seedSubject('alice');
    const bob = await seedSubject('bob');
    await t.db.response.update({ where: { id: bob.responseId }, data: { customerId: 'CUST-0042' } });
    await upload(`\uFEFFphone,tier\n"${alice.phone.replace('+994', '+994 ')}","gold, since 2020"\n`, 'phone');
    expect(await dataOf(alice.respondentId)).toEqual({ tier: 'gold, since 2020' });
    await upload('customer_id,tier\nCUST-0042,platinum\nCUST-9999,gold\n', 'customer_id');
    expect(await dataOf(bob.respondentId)).toEqual({ tier: 'platinum' });
  });

  it('P4.4 a later upload replaces the fields it names and keeps the others', async () => {
    const alice = await seedSubject('alice');
    await upload('email,tier,loyalty_member\nalice@example.az,gold,yes\n');
    await upload('email,tier\nalice@example.az,platinum\n');
    expect(await dataOf(alice.respondentId)).toEqual({ tier: 'platinum', loyalty_member: 'yes' });
  });

  it('P5.5 P7.2 only the Client’s own respondents are matched, never restricted ones; analysts upload for their own Client only', async () => {
    const alice = await seedSubject('alice');
    const bob = await seedSubject('bob');
    await t.db.respondent.update({ where: { id: bob.respondentId }, data: { restrictedAt: new Date() } });
    // The bakery has no survey these respondents took: its upload matches nobody.
    const bakery = await upload('email,tier\nalice@example.az,gold\n', 'email', undefined, 'demo-bakery');
    expect((await getClientDataImportAs(t.db, await admin(), bakery.id))!.matchedRows).toBe(0);
    await upload('email,tier\nalice@example.az,gold\nbob@example.az,gold\n', 'email', await staff('analyst@demo-coffee.test'));
    expect(await dataOf(alice.respondentId)).toEqual({ tier: 'gold' });
    expect(await dataOf(bob.respondentId)).toEqual({});
    await expect(upload('email,tier\nalice@example.az,gold\n', 'email', await staff('analyst@demo-bakery.test'))).rejects.toBeInstanceOf(AuthError);
    await expect(upload('email,tier\nalice@example.az,gold\n', 'email', await staff('dpo@sorgu.test'))).rejects.toBeInstanceOf(AuthError);
    // Each analyst sees the uploads of their own Client only.
    expect((await listClientDataImportsAs(t.db, await staff('analyst@demo-bakery.test'))).map((i) => i.client.name)).toEqual(['Demo Bakery']);
    expect(await getClientDataImportAs(t.db, await staff('analyst@demo-bakery.test'), (await listClientDataImportsAs(t.db, await admin()))[0]!.id)).toBeNull();
  });

  it('P3.2 P5.5 a report breaks answers down by a field of the survey’s own Client only; restricted respondents stay out', async () => {
    const [alice, bob, carol] = [await seedSubject('alice'), await seedSubject('bob'), await seedSubject('carol')];
    await upload('email,tier\nalice@example.az,gold\nbob@example.az,silver\n');
    // The bakery's data about alice is never used for Demo Coffee's survey.
    const bakeryImport = await t.db.clientDataImport.create({ data: { clientId: await clientId('demo-bakery'), matchKey: 'email', fileName: 'b.csv', uploadedById: 'x', uploadedAt: new Date(), status: 'imported', fields: ['tier'], rowCount: 1, matchedRows: 1, storageRegion: 'UK' } });
    await t.db.clientDatum.create({ data: { clientId: bakeryImport.clientId, respondentId: carol.respondentId, importId: bakeryImport.id, field: 'tier', value: 'bakery-vip', createdAt: new Date() } });
    const cafe = (await t.db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' } })).id;
    const coffee = await clientId('demo-coffee');
    expect(await clientFieldsOf(t.db, coffee)).toEqual(['tier']);
    expect(await groupsOf(t.db, coffee, cafe, 'tier')).toEqual([{ value: 'gold', responses: 1 }, { value: 'silver', responses: 1 }, { value: null, responses: 1 }]);
    const completed = async (user: StaffUserDTO, group: ClientGroup | null) => (await surveyReport(t.db, user, cafe, group))?.completed;
    expect(await completed(await admin(), { field: 'tier', value: 'gold' })).toBe(1);
    expect(await completed(await admin(), { field: 'tier', value: null })).toBe(1);
    expect(await completed(await admin(), { field: 'tier', value: 'bakery-vip' })).toBe(0);
    expect(await completed(await staff('analyst@demo-coffee.test'), { field: 'tier', value: 'silver' })).toBe(1);
    expect(await completed(await staff('analyst@demo-bakery.test'), { field: 'tier', value: 'bakery-vip' })).toBeUndefined();
    await t.db.respondent.update({ where: { id: alice.respondentId }, data: { restrictedAt: new Date() } });
    expect(await completed(await admin(), { field: 'tier', value: 'gold' })).toBe(0);
    expect(await groupsOf(t.db, coffee, cafe, 'tier')).toEqual([{ value: 'silver', responses: 1 }, { value: null, responses: 1 }]);
    void bob;
  });

  it('P6.1 Client data goes a year after its upload; erasure removes it', async () => {
    const alice = await seedSubject('alice');
    const bob = await seedSubject('bob');
    await upload('email,tier\nalice@example.az,gold\nbob@example.az,silver\n');
    const day = 86_400_000;
    expect((await purgeExpiredData(t.db, { now: new Date(Date.now() + 364 * day) })).clientData).toBe(0);
    expect(await t.db.clientDatum.count()).toBe(2);
    const user = await staff('dpo@sorgu.test');
    await eraseSubjectAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: alice.email }));
    expect(await dataOf(alice.respondentId)).toEqual({});
    expect(await dataOf(bob.respondentId)).toEqual({ tier: 'silver' });
    expect((await purgeExpiredData(t.db, { now: new Date(Date.now() + 366 * day) })).clientData).toBe(1);
    expect(await t.db.clientDatum.count()).toBe(0);
  });

  it('P4.4 a file without a header row is refused without keeping a customer’s address in the upload’s record', async () => {
    const result = await upload('alice@example.az,gold\nbob@example.az,silver\n');
    const { errors } = (await getClientDataImportAs(t.db, await admin(), result.id))!;
    expect(errors).toEqual([{ line: 1, column: 'email', code: 'missing_key_column' }, { line: 1, column: '#1', code: 'bad_column_name' }]);
    expect(JSON.stringify(await t.db.clientDataImport.findMany())).not.toContain('example.az');
  });

  it('P11.1 a respondent found to be a minor is never matched; an empty cell clears the earlier value', async () => {
    const alice = await seedSubject('alice');
    const bob = await seedSubject('bob');
    await t.db.respondent.update({ where: { id: bob.respondentId }, data: { deactivatedAt: new Date() } });
    await upload('email,tier,loyalty_member\nalice@example.az,gold,yes\nbob@example.az,gold,yes\n');
    expect(await dataOf(bob.respondentId)).toEqual({});
    await upload('email,tier,loyalty_member\nalice@example.az,,no\n');
    expect(await dataOf(alice.respondentId)).toEqual({ loyalty_member: 'no' });
    await upload('email,tier,loyalty_member\nalice@example.az,,\n');
    expect(await dataOf(alice.respondentId)).toEqual({});
  });

  it('P4.4 uploads of the same fields at once all complete, one after the other, never half', async () => {
    const alice = await seedSubject('alice');
    const tiers = ['gold', 'silver', 'bronze', 'platinum', 'iron', 'copper', 'tin', 'lead'];
    const results = await Promise.all(tiers.map((tier) => upload(`email,tier,segment\nalice@example.az,${tier},${tier}\n`)));
    expect(results.map((r) => r.status)).toEqual(tiers.map(() => 'imported'));
    // One upload's values, whole: never one field from one upload and the other from another.
    const data = await dataOf(alice.respondentId);
    expect(data.tier).toBe(data.segment);
    expect(await t.db.clientDatum.count({ where: { respondentId: alice.respondentId } })).toBe(2);
  });

  it('P6.1 the customer id a link carried goes a year after the response started', async () => {
    const alice = await seedSubject('alice');
    const day = 86_400_000;
    await purgeExpiredData(t.db, { now: new Date(Date.now() + 364 * day) });
    expect((await t.db.response.findUniqueOrThrow({ where: { id: alice.responseId } })).customerId).toBe('cust-alice');
    expect((await purgeExpiredData(t.db, { now: new Date(Date.now() + 366 * day) })).customerIds).toBe(1);
    expect((await t.db.response.findUniqueOrThrow({ where: { id: alice.responseId } })).customerId).toBeNull();
  });

  it('P7.2 a self-service export holds Client data matched by the verified address only; the DPO sees all of it', async () => {
    const alice = await seedSubject('alice');
    await upload('email,tier\nalice@example.az,gold\n');
    await upload(`phone,segment\n${alice.phone},student\n`, 'phone');
    const subject = await findSubject(t.db, { kind: 'respondent', value: alice.respondentId });
    const fields = (data: SubjectData) => (data.categories.client ?? []).map((i) => i.field).sort();
    expect(fields(await collectSubjectData(t.db, subject))).toEqual(['customer_id', 'segment', 'tier']);
    expect(fields(await collectSubjectData(t.db, subject, new Date(), { verifiedEmailOnly: true }))).toEqual(['customer_id', 'tier']);
  });

  it('P7.2 P10.1 the DPO removes one value a Client provided, of this subject only, audited', async () => {
    const alice = await seedSubject('alice');
    const bob = await seedSubject('bob');
    await upload('email,tier,loyalty_member\nalice@example.az,gold,yes\nbob@example.az,silver,no\n');
    const user = await staff('dpo@sorgu.test');
    const subject = await findSubjectAs(t.db, user, { kind: 'email', value: alice.email });
    const tierOf = async (respondentId: string) => t.db.clientDatum.findFirstOrThrow({ where: { respondentId, field: 'tier' } });
    await expect(removeClientValueAs(t.db, user, subject, (await tierOf(bob.respondentId)).id)).rejects.toBeInstanceOf(AuthError);
    await expect(removeClientValueAs(t.db, await admin(), subject, (await tierOf(alice.respondentId)).id)).rejects.toBeInstanceOf(AuthError);
    await removeClientValueAs(t.db, user, subject, (await tierOf(alice.respondentId)).id);
    expect(await dataOf(alice.respondentId)).toEqual({ loyalty_member: 'yes' });
    expect(await dataOf(bob.respondentId)).toEqual({ tier: 'silver', loyalty_member: 'no' });
    expect((await t.db.auditEvent.findMany({ where: { action: 'subject.client_value_removed' } })).map((e) => e.counts)).toEqual([{ clientData: 1 }]);
  });
});
