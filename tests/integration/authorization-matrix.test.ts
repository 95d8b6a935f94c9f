import { describe, expect, it } from 'vitest';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { ClientInUseError, createClientAs, createStaffAs, deleteClientAs, setStaffDisabledAs, updateClientAs } from '@/features/admin/commands';
import { getClient, listAuditEvents, listClients, listStaff } from '@/features/admin/queries';
import { listSurveysForStaff } from '@/features/builder/queries';
import { dpoOverview } from '@/features/dpo/queries';
import { eraseSubjectAs, exportSubjectAs, findSubjectAs, markMinorAs, rectifyAnswerAs, setObjectionAs, setRestrictionAs, viewSubjectAs, withdrawConsentAs } from '@/features/dpo/commands';
import { attachSubjectAs, extendRequestAs, getRequestAs, listOpenRequestsAs, registerRequestAs, setRequestStatusAs } from '@/features/dpo/requests';
import { listSecurityReportsAs, markSecurityReportHandledAs } from '@/features/my-data/security-report';
import { readOutboxAs } from '@/features/mail/outbox';
import { seedFullSubject } from '../helpers/subjects';
import type { Db } from '@/server/create-db';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

type Role = 'admin' | 'analystA' | 'analystB' | 'dpo';
const ROLES: Role[] = ['admin', 'analystA', 'analystB', 'dpo'];
const EMAIL: Record<Role, string> = {
  admin: 'admin@sorgu.test',
  analystA: 'analyst@demo-coffee.test',
  analystB: 'analyst@demo-bakery.test',
  dpo: 'dpo@sorgu.test',
};

/** policy: P7.2 — the DPO's operations on a subject and the register: the dpo role only. */
function DPO_OPERATIONS(): { name: string; allowed: Role[]; run: (db: Db, user: StaffUserDTO) => Promise<unknown> }[] {
  const subject = async (db: Db) => {
    const s = await seedFullSubject(db, 'matrix');
    return { ...s, ref: { respondentIds: [s.respondentId], consentSubjectKeys: [s.subjectKey] } };
  };
  const request = async (db: Db) =>
    (await db.dataSubjectRequest.create({ data: { type: 'access', channel: 'email', receivedAt: new Date(), dueAt: new Date(Date.now() + 864e5), respondentIds: [] } })).id;
  const dpoOnly: Role[] = ['dpo'];
  return [
    { name: 'findSubjectAs', allowed: dpoOnly, run: async (db, u) => findSubjectAs(db, u, { kind: 'email', value: (await subject(db)).email }) },
    { name: 'viewSubjectAs', allowed: dpoOnly, run: async (db, u) => viewSubjectAs(db, u, (await subject(db)).ref) },
    { name: 'exportSubjectAs', allowed: dpoOnly, run: async (db, u) => exportSubjectAs(db, u, (await subject(db)).ref) },
    { name: 'eraseSubjectAs', allowed: dpoOnly, run: async (db, u) => eraseSubjectAs(db, u, (await subject(db)).ref) },
    { name: 'setRestrictionAs', allowed: dpoOnly, run: async (db, u) => setRestrictionAs(db, u, (await subject(db)).ref, true) },
    { name: 'setObjectionAs', allowed: dpoOnly, run: async (db, u) => setObjectionAs(db, u, (await subject(db)).ref, true) },
    { name: 'withdrawConsentAs', allowed: dpoOnly, run: async (db, u) => withdrawConsentAs(db, u, (await subject(db)).ref) },
    { name: 'markMinorAs', allowed: dpoOnly, run: async (db, u) => markMinorAs(db, u, (await subject(db)).ref) },
    {
      name: 'rectifyAnswerAs',
      allowed: dpoOnly,
      run: async (db, u) => {
        const s = await subject(db);
        const answer = await db.answer.findFirstOrThrow({ where: { responseId: s.responseId, question: { key: 'postal_code' } } });
        return rectifyAnswerAs(db, u, s.ref, answer.id, 'AZ1000', { timeZone: 'Asia/Baku' }).then(() => true);
      },
    },
    { name: 'listOpenRequestsAs', allowed: dpoOnly, run: (db, u) => listOpenRequestsAs(db, u) },
    { name: 'getRequestAs', allowed: dpoOnly, run: async (db, u) => getRequestAs(db, u, await request(db)) },
    {
      name: 'registerRequestAs',
      allowed: dpoOnly,
      run: (db, u) => registerRequestAs(db, u, { type: 'access', channel: 'post', receivedAt: new Date(), respondentIds: [], contactEmail: null, details: null, locale: 'az' }),
    },
    { name: 'extendRequestAs', allowed: dpoOnly, run: async (db, u) => extendRequestAs(db, u, await request(db), new Date(Date.now() + 40 * 864e5), 'Complex').then(() => true) },
    { name: 'attachSubjectAs', allowed: dpoOnly, run: async (db, u) => attachSubjectAs(db, u, await request(db), { kind: 'email', value: (await subject(db)).email }) },
    { name: 'setRequestStatusAs', allowed: dpoOnly, run: async (db, u) => setRequestStatusAs(db, u, await request(db), 'completed', 'Answered').then(() => true) },
    { name: 'listSecurityReportsAs', allowed: dpoOnly, run: (db, u) => listSecurityReportsAs(db, u) },
    {
      name: 'markSecurityReportHandledAs',
      allowed: dpoOnly,
      run: async (db, u) => {
        // Written directly: reporting audits, and a refused case must leave the audit untouched.
        const { id } = await db.securityReport.create({ data: { description: 'A link that is not mine reached me.', locale: 'az' } });
        await markSecurityReportHandledAs(db, u, id);
        // Allowed: the report is now marked handled.
        return (await db.securityReport.findUniqueOrThrow({ where: { id } })).handledAt ?? Promise.reject(new Error('not handled'));
      },
    },
  ];
}

const clientIdOf = async (db: Db, slug: string) => (await db.client.findUniqueOrThrow({ where: { slug } })).id;

/** Every data-layer entry point of the back office, and who may use it. */
const OPERATIONS: { name: string; allowed: Role[]; run: (db: Db, user: StaffUserDTO) => Promise<unknown> }[] = [
  { name: 'listSurveysForStaff', allowed: ['admin', 'analystA', 'analystB'], run: (db, u) => listSurveysForStaff(db, u) },
  { name: 'listClients', allowed: ['admin'], run: (db, u) => listClients(db, u) },
  { name: 'listStaff', allowed: ['admin'], run: (db, u) => listStaff(db, u) },
  { name: 'listAuditEvents', allowed: ['admin'], run: (db, u) => listAuditEvents(db, u) },
  { name: 'readOutboxAs', allowed: ['admin'], run: (db, u) => readOutboxAs(db, u, { from: 'Sorğu <no-reply@sorgu.test>' }) },
  { name: 'createClientAs', allowed: ['admin'], run: (db, u) => createClientAs(db, u, { name: 'Acme', slug: `acme-${u.id.slice(-6)}`, storageRegion: 'EU' }) },
  {
    name: 'createStaffAs',
    allowed: ['admin'],
    run: (db, u) => createStaffAs(db, u, { email: `x-${u.id.slice(-6)}@example.test`, name: 'X', role: 'dpo', password: 'a long enough password' }),
  },
  { name: 'getClient', allowed: ['admin'], run: async (db, u) => getClient(db, u, await clientIdOf(db, 'demo-bakery')) },
  { name: 'updateClientAs', allowed: ['admin'], run: async (db, u) => updateClientAs(db, u, await clientIdOf(db, 'demo-bakery'), { name: 'Renamed', storageRegion: 'EU' }).then(() => true) },
  { name: 'deleteClientAs', allowed: ['admin'], run: async (db, u) => deleteClientAs(db, u, (await db.client.create({ data: { slug: 'empty', name: 'Empty' } })).id).then(() => true) },
  { name: 'dpoOverview', allowed: ['dpo'], run: (db, u) => dpoOverview(db, u) },
  ...DPO_OPERATIONS(),
  {
    name: 'setStaffDisabledAs',
    allowed: ['admin'],
    run: async (db, u) => setStaffDisabledAs(db, u, (await db.staffUser.findUniqueOrThrow({ where: { email: 'analyst@demo-bakery.test' } })).id, true),
  },
];

describe.each(PROVIDERS)('authorization matrix on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const userOf = async (role: Role): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email: EMAIL[role] }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });

  for (const operation of OPERATIONS) {
    for (const role of ROLES) {
      const allowed = operation.allowed.includes(role);
      it(`P5.5 ${operation.name} × ${role}: ${allowed ? 'allowed' : 'refused, nothing written'}`, async () => {
        const before = await t.db.auditEvent.count();
        const outcome = operation.run(t.db, await userOf(role));
        if (allowed) await expect(outcome).resolves.toBeDefined();
        else {
          await expect(outcome).rejects.toBeInstanceOf(AuthError);
          expect(await t.db.auditEvent.count()).toBe(before);
        }
      });
    }
  }

  it('P5.5 an analyst sees the surveys of their own Client only; another Client’s analyst sees none of them', async () => {
    const a = await listSurveysForStaff(t.db, await userOf('analystA'));
    const b = await listSurveysForStaff(t.db, await userOf('analystB'));
    const all = await listSurveysForStaff(t.db, await userOf('admin'));
    // The demo surveys are Demo Coffee's (the café survey, the fieldwork demo, the panel study).
    expect(a.map((s) => s.slug).sort()).toEqual(['cafe-visit', 'coffee-habits', 'order-feedback']);
    expect(b).toEqual([]);
    expect(all.map((s) => s.slug).sort()).toEqual(['cafe-visit', 'coffee-habits', 'order-feedback']);
  });

  it('never returns a password hash in a staff listing', async () => {
    const staff = await listStaff(t.db, await userOf('admin'));
    expect(JSON.stringify(staff)).not.toMatch(/scrypt\$/);
  });

  it('P14.1 a Client keeps its storage region once it has surveys, and only an empty Client can be removed', async () => {
    const admin = await userOf('admin');
    const coffee = await clientIdOf(t.db, 'demo-coffee');
    const bakery = await clientIdOf(t.db, 'demo-bakery');
    await expect(updateClientAs(t.db, admin, coffee, { name: 'Demo Coffee', storageRegion: 'US' })).rejects.toEqual(new ClientInUseError('region_fixed'));
    expect((await t.db.client.findUniqueOrThrow({ where: { id: coffee } })).storageRegion).toBe('EU');
    // No survey yet: the region may still be chosen; the slug never changes.
    await updateClientAs(t.db, admin, bakery, { name: 'Bakery Ltd', storageRegion: 'UK' });
    expect(await t.db.client.findUniqueOrThrow({ where: { id: bakery } })).toMatchObject({ name: 'Bakery Ltd', slug: 'demo-bakery', storageRegion: 'UK' });
    // demo-bakery still has its analyst; demo-coffee its survey.
    await expect(deleteClientAs(t.db, admin, bakery)).rejects.toBeInstanceOf(ClientInUseError);
    await expect(deleteClientAs(t.db, admin, coffee)).rejects.toBeInstanceOf(ClientInUseError);
    expect(await t.db.client.count()).toBe(2);
  });
});
