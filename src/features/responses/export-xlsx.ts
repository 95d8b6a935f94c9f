import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { dayAsUtcMidnight, wallClockAsUtc } from '@/lib/dates';
import type { Locale } from '@/i18n/routing';
import { exportTranslator, type ExportVariable } from './codebook';
import { neutralizeCell, toBytes, type ExportPlan } from './export';

/**
 * The Excel export (issue 13, part 5): a workbook written as a stream by exceljs's
 * WorkbookWriter (each row is committed and leaves memory), so a large survey never sits in
 * memory whole. Sheet 1 holds the responses — the CSV's columns, in its order, with choice answers
 * by their label in the language asked for, times as Excel date-times on APP_TIME_ZONE's clock and
 * numbers as numbers; sheet 2 is the codebook (column, question, answer codes and labels).
 * Every text cell goes through the CSV's formula neutralisation: a cell a spreadsheet would run as
 * a formula once copied or re-saved as CSV starts with an apostrophe.
 */

/** Excel's last row is 1,048,576: the header and at most this many responses. */
export const XLSX_MAX_ROWS = 1_048_575;

/**
 * A cell's text: neutralised like the CSV's, and without what XML cannot hold — exceljs drops the
 * control characters but not U+FFFE/U+FFFF or a lone surrogate, one of which in one answer made the
 * whole sheet unreadable. They become U+FFFD (visibly replaced, not silently dropped).
 */
const NOT_XML = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const text = (value: unknown) => neutralizeCell(String(value).replace(NOT_XML, '\uFFFD'));

function labelOf(values: { value: string; label: string }[], value: unknown): string {
  return text(values.find((v) => v.value === value)?.label ?? value);
}

/** One cell of the Responses sheet: what Excel shows for this variable's stored value. */
export function xlsxCell(variable: ExportVariable, value: unknown, timeZone: string): ExcelJS.CellValue {
  if (value == null || value === '') return null;
  switch (variable.kind) {
    case 'number':
      return typeof value === 'number' ? value : text(value);
    case 'datetime':
      return typeof value === 'string' ? wallClockAsUtc(new Date(value), timeZone) : null;
    case 'date':
      // A birth date is a calendar day: midnight of it, read as UTC so no zone moves it.
      return (typeof value === 'string' && dayAsUtcMidnight(value)) || text(value);
    case 'choice':
      return labelOf(variable.values, value);
    case 'choices':
      return Array.isArray(value) ? value.map((v) => labelOf(variable.values, v)).join('; ') : labelOf(variable.values, value);
    case 'json':
      return text(JSON.stringify(value));
    case 'text':
      return text(typeof value === 'object' ? JSON.stringify(value) : value);
  }
}

const WIDTH: Record<ExportVariable['kind'], number> = { text: 30, number: 10, datetime: 20, date: 12, json: 30, choice: 22, choices: 30 };
const FORMAT: Partial<Record<ExportVariable['kind'], string>> = { datetime: 'yyyy-mm-dd hh:mm:ss', date: 'yyyy-mm-dd' };

async function drainedOrClosed(out: PassThrough) {
  const done = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })]);
  } finally {
    done.abort(); // the listener still waiting goes (no listener piles up per wait)
  }
}

export function xlsxStream(plan: ExportPlan, locale: Locale): ReadableStream<Uint8Array> {
  const t = exportTranslator(locale);
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Sorğu';

  async function write() {
    const sheet = workbook.addWorksheet(t('sheetResponses'), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = plan.variables.map((v) => ({ header: v.column, key: v.column, width: WIDTH[v.kind], style: FORMAT[v.kind] ? { numFmt: FORMAT[v.kind] } : {} }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let written = 0;
    for await (const row of plan.rows()) {
      if (++written > XLSX_MAX_ROWS) break; // refused before streaming (route); a guard for responses that arrived since
      sheet.addRow(plan.variables.map((v) => xlsxCell(v, row[v.column], plan.timeZone))).commit();
      // exceljs keeps what the zip has not taken yet: every 100 rows let the zip write it out, wait
      // while the download is behind, and stop reading the database once it is gone (a slow or
      // cancelled download holds no survey in memory).
      if (written % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (out.writableNeedDrain) await drainedOrClosed(out);
      if (out.destroyed) return;
    }
    sheet.commit();

    const codebook = workbook.addWorksheet(t('sheetVariables'), { views: [{ state: 'frozen', ySplit: 1 }] });
    codebook.columns = [
      { header: t('variableColumn'), key: 'column', width: 28 },
      { header: t('variableLabel'), key: 'label', width: 60 },
      { header: t('variableValues'), key: 'values', width: 50, style: { alignment: { wrapText: true, vertical: 'top' } } },
    ];
    codebook.getRow(1).font = { bold: true };
    codebook.getRow(1).commit();
    for (const v of plan.variables) {
      const values = v.kind === 'choice' || v.kind === 'choices' ? v.values.map((o) => `${o.value} = ${o.label}`).join('\n') : '';
      codebook.addRow([v.column, text(v.label), text(values)]).commit();
    }
    codebook.commit();
    await workbook.commit();
  }
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return toBytes(Readable.toWeb(out) as unknown as ReadableStream<unknown>);
}
