import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { hasControlCharacters } from '@/lib/control-characters';
import { CUSTOMER_ID } from './customer-id';

/**
 * policy: P4.4 — reading a Client's CSV upload, streamed and validated row by row. The first row
 * names the columns: the match key column (`email`, `phone` or `customer_id`) and the Client
 * fields (`tier`, `loyalty_member`, …). Every problem is reported with its line number; the caller
 * stores nothing unless there is none. Pure apart from reading the stream.
 */

export const MATCH_KEYS = ['email', 'phone', 'customer_id'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

// 8 MiB: below the 10 MiB the request proxy lets through (Next's proxyClientMaxBodySize), so a
// larger file is refused as too large rather than arriving cut short.
export const CSV_LIMITS = { rows: 50_000, fields: 20, valueLength: 200, reportedErrors: 100, bytes: 8 * 1024 * 1024 };

export const FIELD_NAME = /^[a-z][a-z0-9_]{0,39}$/;

export type RowError = { line: number; column?: string; code: string };
export type ParsedUpload = { fields: string[]; rows: Map<string, Record<string, string>>; rowCount: number; errors: RowError[] };

/** The match key as stored by the survey (emails lower-cased, phones without spaces or brackets). Also a contact list's (invitations/contacts-csv.ts). */
export const keySchemas: Record<MatchKey, z.ZodType<string>> = {
  email: z.string().trim().max(254, 'invalid_email').pipe(z.email('invalid_email')).transform((v) => v.toLowerCase()),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9(][0-9 ()-]*[0-9]$/, 'invalid_phone')
    .refine((v) => {
      const digits = v.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15;
    }, 'invalid_phone')
    .transform((v) => v.replace(/[\s()-]/g, '')),
  customer_id: z.string().trim().regex(CUSTOMER_ID, 'invalid_customer_id'),
};

const valueSchema = z
  .string()
  .trim()
  .max(CSV_LIMITS.valueLength, 'value_too_long')
  .refine((v) => !hasControlCharacters(v), 'control_characters');

/**
 * A column as an error names it: its name when that is a valid one, else its position — a file
 * without a header row has a customer's address or number in its first row, and the upload's
 * record must never keep one (it holds no personal data: register.ts NOT_PERSONAL).
 */
const columnLabel = (name: string, index: number) => (FIELD_NAME.test(name) ? name : `#${index + 1}`);

function headerErrors(header: string[], matchKey: MatchKey): RowError[] {
  const errors: RowError[] = [];
  const names = header.map((h) => h.trim());
  if (!names.includes(matchKey)) errors.push({ line: 1, column: matchKey, code: 'missing_key_column' });
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (seen.has(name)) errors.push({ line: 1, column: columnLabel(name, i), code: 'duplicate_column' });
    seen.add(name);
    if (name !== matchKey && (!FIELD_NAME.test(name) || (MATCH_KEYS as readonly string[]).includes(name))) errors.push({ line: 1, column: columnLabel(name, i), code: 'bad_column_name' });
  }
  const fields = names.filter((n) => n !== matchKey);
  if (fields.length === 0) errors.push({ line: 1, code: 'no_fields' });
  if (fields.length > CSV_LIMITS.fields) errors.push({ line: 1, code: 'too_many_fields' });
  return errors;
}

/** Reads and checks the whole upload; rows are keyed by the normalized match key. */
export async function readClientCsv(stream: ReadableStream<Uint8Array>, matchKey: MatchKey): Promise<ParsedUpload> {
  const parser = Readable.fromWeb(stream as never).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 64 * 1024 }),
  );
  const errors: RowError[] = [];
  const note = (error: RowError) => {
    if (errors.length < CSV_LIMITS.reportedErrors) errors.push(error);
  };
  const rows = new Map<string, Record<string, string>>();
  const keyLines = new Map<string, number>();
  let header: string[] | null = null;
  let fields: string[] = [];
  let rowCount = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        header = record.map((h) => h.trim());
        for (const e of headerErrors(header, matchKey)) note(e);
        if (errors.length) break;
        fields = header.filter((h) => h !== matchKey);
        continue;
      }
      rowCount++;
      if (rowCount > CSV_LIMITS.rows) {
        note({ line, code: 'too_many_rows' });
        break;
      }
      if (record.length !== header.length) {
        note({ line, code: 'column_count' });
        continue;
      }
      const cells = Object.fromEntries(header.map((h, i) => [h, record[i]!]));
      const key = keySchemas[matchKey].safeParse(cells[matchKey]);
      if (!key.success) {
        note({ line, column: matchKey, code: key.error.issues[0]!.message });
        continue;
      }
      const previous = keyLines.get(key.data);
      if (previous !== undefined) {
        note({ line, column: matchKey, code: 'duplicate_key' });
        continue;
      }
      keyLines.set(key.data, line);
      const values: Record<string, string> = {};
      for (const field of fields) {
        const value = valueSchema.safeParse(cells[field]);
        if (!value.success) note({ line, column: field, code: value.error.issues[0]!.message });
        // An empty cell says nothing about that field: no value is stored for it.
        else if (value.data !== '') values[field] = value.data;
      }
      rows.set(key.data, values);
    }
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    note({ line: typeof lines === 'number' ? lines : 0, code: 'csv_syntax' });
  }
  if (!header) note({ line: 1, code: 'empty_file' });
  else if (rowCount === 0 && errors.length === 0) note({ line: 2, code: 'no_rows' });
  return { fields, rows, rowCount, errors };
}
