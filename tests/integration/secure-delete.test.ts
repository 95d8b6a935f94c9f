import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffUserDTO } from '@/server/authz';
import { eraseSubjectAs, findSubjectAs } from '@/features/dpo/commands';
import { purgeExpiredData } from '@/features/retention/purge';
import { dumpAllRows, freshDatabase, type TestDatabase } from '../helpers/databases';
import { seedFullSubject } from '../helpers/subjects';

/**
 * policy: P6.1 — deletion is secure. An erased or purged value must not stay readable in the
 * SQLite files: not in the main file's free space, not in the write-ahead log, not in the shm
 * index. The test reads the raw bytes of all three files, as someone with a copy of the disk
 * would. (PostgreSQL's files belong to the server and are out of the app's reach; the README
 * says what PostgreSQL needs for the same promise.)
 */
describe('secure deletion on sqlite', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase('sqlite');
  });
  afterEach(async () => {
    await t.drop();
  });

  const file = () => t.url.slice('file:'.length);
  /** Every byte of the database file, its WAL and its shm, as Latin-1 text (values are ASCII). */
  function rawFiles(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const suffix of ['', '-wal', '-shm']) {
      const path = file() + suffix;
      files[suffix || '.db'] = existsSync(path) ? readFileSync(path).toString('latin1') : '';
    }
    return files;
  }
  /** Which of `values` are still in which file ("value in -wal"); [] when none. */
  const tracesOf = (values: string[]) =>
    Object.entries(rawFiles()).flatMap(([name, bytes]) => values.filter((v) => bytes.includes(v)).map((v) => `${v} in ${name}`));
  const dpo = (): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });

  it('P6.1 an erased subject leaves no trace in the database, WAL or shm files', async () => {
    const marker = 'zzsecret-erase-7Q4';
    const subject = await seedFullSubject(t.db, marker);
    const user = await dpo();
    // Sanity: the value is on disk before the erasure (or the test proves nothing).
    expect(tracesOf([marker]).length).toBeGreaterThan(0);

    await eraseSubjectAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: subject.email }));

    expect(tracesOf([marker])).toEqual([]);
  });

  it('P6.1 purged data leaves no trace in the database, WAL or shm files', async () => {
    const marker = 'zzsecret-purge-9K2';
    const subject = await seedFullSubject(t.db, marker, { completedAt: new Date(Date.UTC(2020, 0, 1)) });
    // The consent record (and its key) is kept as proof of consent; every other value expires.
    const purgeable = subject.values.filter((v) => v !== subject.subjectKey);
    expect(tracesOf([subject.email]).length).toBeGreaterThan(0);

    // Long after every retention period: answers and consent-based rows go.
    await purgeExpiredData(t.db, { now: new Date(Date.UTC(2030, 0, 1)) });
    const rows = await dumpAllRows(t.db, 'sqlite');
    for (const value of purgeable) expect(rows, value).not.toContain(value);

    expect(tracesOf(purgeable)).toEqual([]);
  });
});
