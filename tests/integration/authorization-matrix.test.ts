import { describe, expect, it } from 'vitest';
import { AuthError, type StaffUserDTO } from '@/features/auth/roles';
import { ClientInUseError, createClientAs, createStaffAs, deleteClientAs, setStaffDisabledAs, updateClientAs } from '@/features/admin/commands';
import { getClient, listAuditEvents, listClients, listStaff } from '@/features/admin/queries';
import { listSurveysForStaff } from '@/features/builder/queries';
import { dpoOverview } from '@/features/dpo/queries';
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

const clientIdOf = async (db: Db, slug: string) => (await db.client.findUniqueOrThrow({ where: { slug } })).id;

/** Every data-layer entry point of the back office, and who may use it. */
const OPERATIONS: { name: string; allowed: Role[]; run: (db: Db, user: StaffUserDTO) => Promise<unknown> }[] = [
  { name: 'listSurveysForStaff', allowed: ['admin', 'analystA', 'analystB'], run: (db, u) => listSurveysForStaff(db, u) },
  { name: 'listClients', allowed: ['admin'], run: (db, u) => listClients(db, u) },
  { name: 'listStaff', allowed: ['admin'], run: (db, u) => listStaff(db, u) },
  { name: 'listAuditEvents', allowed: ['admin'], run: (db, u) => listAuditEvents(db, u) },
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
    expect(a.map((s) => s.slug)).toEqual(['cafe-visit']);
    expect(b).toEqual([]);
    expect(all.map((s) => s.slug)).toEqual(['cafe-visit']);
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
