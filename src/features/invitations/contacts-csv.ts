import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { hasControlCharacters } from '@/lib/control-characters';
import { keySchemas } from '@/features/client-data/csv-rows';

/**
 * policy: P5.1, P2.1 — a survey's contact list as uploaded (CSV): one row per person, with `email`
 * and/or `phone`, an optional `language` (az, en; az when empty) and a column per hidden field of
 * the survey their personal link fills in (`store`, …). Nothing else: an unknown column is refused,
 * not stored. Every problem is reported by line and column — never with the value, which is
 * personal — and the caller stores nothing unless there is none. Pure apart from reading the stream.
 */
export const CONTACT_LIMITS = { rows: 20_000, valueLength: 200, reportedErrors: 100, bytes: 4 * 1024 * 1024 };

export type ContactRow = { line: number; email: string | null; phone: string | null; locale: 'az' | 'en'; linkValues: Record<string, string> };
export type ContactError = { line: number; column?: string; code: string };

// Addresses and numbers as everywhere else (lower-cased; digits with an optional +).
const { email, phone } = keySchemas;
/** As the link would carry it (survey/link-values.ts): one line of plain text. */
const linkValue = z
  .string()
  .trim()
  .max(CONTACT_LIMITS.valueLength, 'value_too_long')
  .refine((v) => !hasControlCharacters(v), 'control_characters')
  .refine((v) => v === '' || /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} _.,:@+/#-]*$/u.test(v), 'invalid_value');

export async function readContactsCsv(stream: ReadableStream<Uint8Array>, hiddenKeys: string[]): Promise<{ rows: ContactRow[]; errors: ContactError[] }> {
  const parser = Readable.fromWeb(stream as never).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 16 * 1024 }));
  const errors: ContactError[] = [];
  const note = (e: ContactError) => {
    if (errors.length < CONTACT_LIMITS.reportedErrors) errors.push(e);
  };
  const rows: ContactRow[] = [];
  const seen = new Map<string, number>();
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase());
        const known = ['email', 'phone', 'language', ...hiddenKeys];
        header.forEach((name, i) => {
          // A column is named back only when it is one of ours: a file without a header row has a
          // person's address or name in its first row, and the error travels in an address.
          const label = known.includes(name) ? name : `#${i + 1}`;
          if (!known.includes(name)) note({ line: 1, column: label, code: 'unknown_column' });
          if (header!.indexOf(name) !== i) note({ line: 1, column: label, code: 'duplicate_column' });
        });
        if (!header.includes('email') && !header.includes('phone')) note({ line: 1, code: 'no_contact_column' });
        if (errors.length) break;
        continue;
      }
      if (rows.length >= CONTACT_LIMITS.rows) {
        note({ line, code: 'too_many_rows' });
        break;
      }
      if (record.length !== header.length) {
        note({ line, code: 'column_count' });
        continue;
      }
      const problemsBefore = errors.length;
      const cell = (name: string) => (header!.includes(name) ? record[header!.indexOf(name)]!.trim() : '');
      const parsedEmail = cell('email') ? email.safeParse(cell('email')) : null;
      const parsedPhone = cell('phone') ? phone.safeParse(cell('phone')) : null;
      if (parsedEmail && !parsedEmail.success) note({ line, column: 'email', code: 'invalid_email' });
      if (parsedPhone && !parsedPhone.success) note({ line, column: 'phone', code: 'invalid_phone' });
      if (!parsedEmail && !parsedPhone) note({ line, code: 'no_contact' });
      const language = cell('language').toLowerCase() || 'az';
      if (language !== 'az' && language !== 'en') note({ line, column: 'language', code: 'invalid_language' });
      const linkValues: Record<string, string> = {};
      for (const key of hiddenKeys) {
        const value = linkValue.safeParse(cell(key));
        if (!value.success) note({ line, column: key, code: value.error.issues[0]!.message });
        else if (value.data) linkValues[key] = value.data;
      }
      const e = parsedEmail?.success ? parsedEmail.data : null;
      const p = parsedPhone?.success ? parsedPhone.data : null;
      // One person once: the same address or number twice in the file is refused.
      for (const key of [e && `email:${e}`, p && `phone:${p}`]) {
        if (!key) continue;
        if (seen.has(key)) note({ line, column: key.split(':')[0], code: 'duplicate_contact' });
        seen.set(key, line);
      }
      if (errors.length > problemsBefore || (!e && !p)) continue;
      rows.push({ line, email: e, phone: p, locale: language === 'en' ? 'en' : 'az', linkValues });
    }
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    note({ line: typeof lines === 'number' ? lines : 0, code: 'csv_syntax' });
  }
  if (!header) note({ line: 1, code: 'empty_file' });
  else if (rows.length === 0 && errors.length === 0) note({ line: 2, code: 'no_rows' });
  return { rows, errors };
}
