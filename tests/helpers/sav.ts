import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Reads a .sav file back with `sav-reader` (issue 13, part 5: the SPSS export is proven by reading
 * PSPP's .sav with a library). sav-reader 2.0.8 decodes each 8-byte piece of a compressed string
 * on its own, so a UTF-8 character split across two pieces comes back as "��" (seen with
 * "ş"). The work-around: let it decode every string as latin1 (one byte, one character: nothing
 * is split), then decode the whole strings as UTF-8, the encoding PSPP records in the file.
 */
// sav-reader publishes a `require` entry only: loaded through Node's require, as its own files load each other.
const requireCjs = createRequire(path.resolve('package.json'));
const { SavBufferReader } = requireCjs('sav-reader') as {
  SavBufferReader: new (bytes: Buffer) => { open(): Promise<void>; meta: unknown; readAllRows(): Promise<unknown[]> };
};
const { CommandReader } = requireCjs(path.resolve('node_modules/sav-reader/dist/internal-readers/CommandReader.js')) as {
  CommandReader: { prototype: { readString(len: number, trimEnd?: boolean): Promise<string>; reader: { read(len: number): Promise<Buffer> } } };
};
CommandReader.prototype.readString = async function (this: { reader: { read(len: number): Promise<Buffer> } }, len: number, trimEnd = false) {
  if (len < 1) return '';
  const text = (await this.reader.read(len)).toString('latin1');
  return trimEnd ? text.trimEnd() : text;
};

const utf8 = (value: unknown): unknown =>
  typeof value === 'string'
    ? Buffer.from(value, 'latin1').toString('utf8')
    : Array.isArray(value)
      ? value.map(utf8)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [utf8(k), utf8(v)]))
        : value;

export type SavVariable = { name: string; type: number; label?: string; printFormat?: { typestr: string; width: number } };
export type SavFile = {
  encoding: string;
  variables: SavVariable[];
  /** Value labels by variable name: code → label. */
  valueLabels: Record<string, Record<string, string>>;
  rows: Record<string, string | number | null | undefined>[];
};

export async function readSav(bytes: Buffer): Promise<SavFile> {
  const reader = new SavBufferReader(bytes);
  await reader.open();
  const meta = utf8(reader.meta) as { header: { encoding: string }; sysvars: SavVariable[]; valueLabels: { appliesToNames: string[]; entries: { val: number | string; label: string }[] }[] };
  const valueLabels: SavFile['valueLabels'] = {};
  for (const set of meta.valueLabels) for (const name of set.appliesToNames) valueLabels[name] = Object.fromEntries(set.entries.map((e) => [String(e.val), e.label]));
  return { encoding: meta.header.encoding, variables: meta.sysvars, valueLabels, rows: utf8(await reader.readAllRows()) as SavFile['rows'] };
}

/** SPSS keeps a time as seconds since 14 October 1582 (the Gregorian calendar's start). */
export const spssTime = (seconds: number) => new Date(Date.UTC(1582, 9, 14) + seconds * 1000);
