import { Readable } from 'node:stream';
import { Zip, ZipDeflate } from 'fflate';
import { dayAsUtcMidnight, wallClockAsUtc } from '@/lib/dates';
import type { Locale } from '@/i18n/routing';
import { exportTranslator, type ExportVariable } from './codebook';
import { toBytes, type ExportPlan } from './export';

/**
 * The SPSS export (issue 13, part 5). npm has no well-kept .sav writer, so — as LimeSurvey does —
 * a zip of an SPSS syntax file (`<slug>-responses.sps`) and its data file (`<slug>-responses.dat`,
 * UTF-8, tab-separated, strings in double quotes). Running the syntax in SPSS or GNU PSPP reads the
 * data, gives every variable its label and every coded answer its value label in the language asked
 * for, and saves `<slug>-responses.sav` beside them. Proven by running PSPP on it in the tests.
 *
 * Coding: a single choice (and gender, each grid row, the language, the outcome) is a number 1…n in
 * the questionnaire's order, labelled; a multiple choice is one 0/1 variable per option (grouped as
 * a multiple-response set); ratings are numbers; times are DATETIME on APP_TIME_ZONE's clock, a
 * birth date a DATE; text is a string as wide as its longest value. The data file is written first
 * (streamed), so the syntax knows those widths and any coded value the questionnaire no longer offers.
 */

/** SPSS's reserved words: never a variable name. */
const RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);
const MAX_NAME = 64;
const MAX_STRING = 32_767;
const MAX_VARIABLE_LABEL = 250;
const MAX_VALUE_LABEL = 120;

/**
 * Valid, distinct SPSS variable names for the wanted ones, in order: letters, digits, `_` and `.`,
 * a letter first, no reserved word, no final `.`, at most 64 bytes, unique ignoring case.
 */
export function spssNames(wanted: string[]): string[] {
  const taken = new Set<string>();
  const valid = (name: string) => name.replace(/\.+$/, (dots) => '_'.repeat(dots.length));
  return wanted.map((w) => {
    let base = w.replace(/[^A-Za-z0-9_.]/g, '_');
    if (!/^[A-Za-z]/.test(base)) base = `v${base}`;
    if (RESERVED.has(base.toUpperCase())) base = `${base}_`;
    base = valid(base.slice(0, MAX_NAME));
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = valid(base.slice(0, MAX_NAME - `_${n}`.length)) + `_${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Text cut to at most `bytes` UTF-8 bytes without splitting a character. */
function cutToBytes(value: string, bytes: number): string {
  if (Buffer.byteLength(value) <= bytes) return value;
  let out = '';
  for (const ch of value) {
    if (Buffer.byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/** A quoted string of SPSS syntax ('' escapes '), split with `+` so no syntax line grows long. */
function quoted(value: string, maxBytes: number): string {
  const flat = cutToBytes(value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(), maxBytes);
  const pieces = flat.match(/[\s\S]{1,40}/gu) ?? [''];
  return pieces.map((p) => `'${p.replaceAll("'", "''")}'`).join(' +\n    ');
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const two = (n: number) => String(n).padStart(2, '0');
/** dd-MMM-yyyy, the date form SPSS and PSPP both read in every locale. */
const spssDay = (d: Date) => `${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;

type Coded = { code: number; label: string };
type SpssVariable = {
  name: string;
  label: string;
  type: 'string' | 'numeric' | 'datetime' | 'date';
  level: 'NOMINAL' | 'ORDINAL' | 'SCALE';
  /** Value labels (coded answers); grows when the data holds a value the questionnaire no longer offers. */
  values?: Coded[];
  /** Widest value written, in bytes (strings). */
  width: number;
  /** The data file's field for one exported row (already quoted for strings; '' when missing). */
  field: (row: Record<string, unknown>) => string;
};

/** A multiple choice's options as one 0/1 set (MRSETS), named after the question. */
type ResponseSet = { name: string; label: string; members: string[] };

function spssVariablesOf(plan: ExportPlan, locale: Locale) {
  const t = exportTranslator(locale);
  const wanted: { wanted: string; build: (name: string) => SpssVariable }[] = [];
  const sets: { question: ExportVariable; members: string[] }[] = [];
  let unmatched = 0;
  let cut = 0;

  for (const v of plan.variables) {
    const value = (row: Record<string, unknown>) => row[v.column];
    /** A variable of a fixed width: its field is a function of the stored value alone. */
    const plain = (type: SpssVariable['type'], level: SpssVariable['level'], field: (raw: unknown) => string) =>
      wanted.push({ wanted: v.column, build: (name) => ({ name, label: v.label, type, level, width: 0, field: (row) => field(value(row)) }) });
    switch (v.kind) {
      case 'text':
      case 'json':
        wanted.push({
          wanted: v.column,
          build: (name) => {
            const self: SpssVariable = {
              name,
              label: v.label,
              type: 'string',
              level: 'NOMINAL',
              width: 1,
              field: (row) => {
                const raw = value(row);
                if (raw == null || raw === '') return '';
                // As given: SPSS runs no formulas (the CSV's and Excel's apostrophe would only change the answer).
                let text = (typeof raw === 'string' ? raw : JSON.stringify(raw)).replace(/\r\n|\r|\n/g, ' ');
                if (Buffer.byteLength(text) > MAX_STRING) {
                  text = cutToBytes(text, MAX_STRING);
                  cut++;
                }
                self.width = Math.max(self.width, Buffer.byteLength(text));
                return `"${text.replaceAll('"', '""')}"`;
              },
            };
            return self;
          },
        });
        break;
      case 'number':
        plain('numeric', 'ORDINAL', (raw) => (typeof raw === 'number' ? String(raw) : ''));
        break;
      case 'datetime':
        plain('datetime', 'SCALE', (raw) => {
          if (typeof raw !== 'string') return '';
          const wall = wallClockAsUtc(new Date(raw), plan.timeZone);
          return `${spssDay(wall)} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}`;
        });
        break;
      case 'date':
        plain('date', 'SCALE', (raw) => {
          const day = typeof raw === 'string' ? dayAsUtcMidnight(raw) : null;
          return day ? spssDay(day) : '';
        });
        break;
      case 'choice':
        wanted.push({
          wanted: v.column,
          build: (name) => {
            const values: Coded[] = v.values.map((o, i) => ({ code: i + 1, label: o.label }));
            const codes = new Map(v.values.map((o, i) => [o.value, i + 1]));
            return {
              name,
              label: v.label,
              type: 'numeric',
              level: 'NOMINAL',
              values,
              width: 0,
              field: (row) => {
                const raw = value(row);
                if (raw == null || raw === '') return '';
                const key = String(raw);
                let code = codes.get(key);
                if (code === undefined) {
                  // A value the questionnaire no longer offers: a code of its own, labelled with the value.
                  code = values.length + 1;
                  codes.set(key, code);
                  values.push({ code, label: key });
                }
                return String(code);
              },
            };
          },
        });
        break;
      case 'choices': {
        const set = { question: v, members: [] as string[] };
        sets.push(set);
        for (const option of v.values) {
          wanted.push({
            wanted: `${v.column}.${option.value}`,
            build: (name) => {
              set.members.push(name);
              return {
                name,
                label: t('choiceOption', { question: v.label, option: option.label }),
                type: 'numeric',
                level: 'NOMINAL',
                values: [
                  { code: 0, label: t('notChosen') },
                  { code: 1, label: t('chosen') },
                ],
                width: 0,
                field: (row) => {
                  const raw = value(row);
                  const chosen = raw == null ? null : Array.isArray(raw) ? raw : [raw];
                  // Counted once per answer (by its first option): values no 0/1 variable can hold.
                  if (chosen && option === v.values[0]) unmatched += chosen.filter((x) => !v.values.some((o) => o.value === x)).length;
                  return chosen === null ? '' : chosen.includes(option.value) ? '1' : '0';
                },
              };
            },
          });
        }
        break;
      }
    }
  }
  const names = spssNames([...wanted.map((w) => w.wanted), ...sets.map((s) => s.question.column)]);
  const variables = wanted.map((w, i) => w.build(names[i]!));
  const responseSets: ResponseSet[] = sets.map((s, i) => ({ name: `$${names[wanted.length + i]!}`, label: s.question.label, members: s.members }));
  return { variables, responseSets, counts: () => ({ unmatched, cut }) };
}

const format = (v: SpssVariable) =>
  v.type === 'string' ? `A${Math.min(MAX_STRING, Math.max(1, v.width))}` : v.type === 'datetime' ? 'DATETIME20' : v.type === 'date' ? 'DATE11' : `F${Math.max(2, String(v.values?.length ?? 0).length + 1)}.0`;

/**
 * `head` and the tokens, wrapped at 78 columns. PSPP takes a line that begins with a word such as
 * COMMENT as a new command even inside one (a question keyed `comment` vanished), so a line never
 * begins with a variable name: the lines break only before a format (every other token).
 */
function wrapped(head: string, pairs: string[]): string[] {
  const lines = [head];
  pairs.forEach((token, i) => {
    const line = lines.length - 1;
    if (i % 2 === 1 && lines[line]!.length + token.length > 77) lines.push(`    ${token}`);
    else lines[line] += `${lines[line]!.endsWith('=') ? '' : ' '}${token}`;
  });
  return lines;
}

/** `COMMAND first` then `  /next` lines and the final period: no line begins with a variable name. */
const subcommands = (command: string, parts: string[]) => [`${command} ${parts[0]}`, ...parts.slice(1).map((p) => `  /${p}`), '.'];

/** The syntax file: reads the data file, labels variables and values, saves the .sav. A line never begins with a variable name (see `wrapped`). */
function spssSyntax(
  plan: ExportPlan,
  locale: Locale,
  files: { data: string; sav: string },
  variables: SpssVariable[],
  responseSets: ResponseSet[],
  counts: { rows: number; unmatched: number; cut: number },
): string {
  const t = exportTranslator(locale);
  const comment = (text: string) => `* ${text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\.*$/, '')}.`;
  const lines = [
    '* Encoding: UTF-8.',
    comment(t('spssHeading', { survey: plan.surveySlug, rows: counts.rows })),
    comment(t('spssRun', { data: files.data })),
    comment(t('spssText')),
    ...(counts.unmatched ? [comment(t('spssUnmatched', { count: counts.unmatched }))] : []),
    ...(counts.cut ? [comment(t('spssCut', { count: counts.cut }))] : []),
    '',
    'GET DATA',
    '  /TYPE=TXT',
    `  /FILE='${files.data}'`,
    "  /ENCODING='UTF8'",
    '  /ARRANGEMENT=DELIMITED',
    '  /DELCASE=LINE',
    '  /FIRSTCASE=2',
    '  /DELIMITERS="\\t"',
    `  /QUALIFIER='"'`,
    ...wrapped('  /VARIABLES=', variables.flatMap((v) => [v.name, format(v)])),
    '.',
    '',
    ...subcommands('VARIABLE LABELS', variables.map((v) => `${v.name} ${quoted(v.label, MAX_VARIABLE_LABEL)}`)),
  ];
  const labelled = variables.filter((v) => v.values?.length);
  if (labelled.length) {
    lines.push('', ...subcommands('VALUE LABELS', labelled.map((v) => `${v.name}\n${v.values!.map((c) => `    ${c.code} ${quoted(c.label, MAX_VALUE_LABEL)}`).join('\n')}`)));
  }
  lines.push('', ...subcommands('VARIABLE LEVEL', variables.map((v) => `${v.name} (${v.level})`)));
  // A set needs two variables at least (a draft may have one option); its dummies are consecutive,
  // so `first TO last` keeps the line short whatever the number of options.
  const sets = responseSets.filter((s) => s.members.length >= 2);
  if (sets.length) {
    lines.push('', 'MRSETS', ...sets.map((s) => `  /MDGROUP NAME=${s.name} LABEL=${quoted(s.label, MAX_VARIABLE_LABEL)}\n    VARIABLES=${s.members[0]} TO ${s.members.at(-1)} VALUE=1`), '.');
  }
  lines.push('', 'EXECUTE.', `SAVE OUTFILE='${files.sav}'.`, '');
  return lines.join('\n');
}

/** The zip (fflate, streamed): the data file first, row by row, then the syntax that reads it. */
export function spssZipStream(plan: ExportPlan, locale: Locale): ReadableStream<Uint8Array> {
  const base = `${plan.surveySlug}-responses`;
  const files = { data: `${base}.dat`, syntax: `${base}.sps`, sav: `${base}.sav` };
  const { variables, responseSets, counts } = spssVariablesOf(plan, locale);
  const encoder = new TextEncoder();

  async function* chunks() {
    const ready: Uint8Array[] = [];
    let failure: Error | null = null;
    const zip = new Zip((error, data) => {
      if (error) failure = error;
      else ready.push(data);
    });
    const drain = function* () {
      if (failure) throw failure;
      yield* ready.splice(0);
    };
    const data = new ZipDeflate(files.data, { level: 6 });
    zip.add(data);
    data.push(encoder.encode(`${variables.map((v) => v.name).join('\t')}\n`));
    let rows = 0;
    for await (const row of plan.rows()) {
      data.push(encoder.encode(`${variables.map((v) => v.field(row)).join('\t')}\n`));
      rows++;
      yield* drain();
    }
    data.push(new Uint8Array(0), true);
    const syntax = new ZipDeflate(files.syntax, { level: 6 });
    zip.add(syntax);
    syntax.push(encoder.encode(spssSyntax(plan, locale, files, variables, responseSets, { rows, ...counts() })), true);
    zip.end();
    yield* drain();
  }
  return toBytes(Readable.toWeb(Readable.from(chunks())) as unknown as ReadableStream<unknown>);
}
