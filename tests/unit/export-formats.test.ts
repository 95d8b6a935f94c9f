import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codebookOf } from '@/features/responses/codebook';
import { spssNames } from '@/features/responses/export-spss';
import { xlsxCell, xlsxStream } from '@/features/responses/export-xlsx';
import { csvStream, jsonStream, type ExportPlan } from '@/features/responses/export';
import { spssZipStream } from '@/features/responses/export-spss';

const RESERVED = ['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH'];
const both = (s: string) => ({ az: `${s} (az)`, en: s });

describe('SPSS variable names (issue 13, part 5)', () => {
  it('keeps a valid name, mends reserved words, leading digits, odd characters and final periods', () => {
    expect(spssNames(['branch', 'by', 'AND', '9lives', 'satisfaction.staff', 'a-b c', 'ends.'])).toEqual(['branch', 'by_', 'AND_', 'v9lives', 'satisfaction.staff', 'a_b_c', 'ends_']);
  });

  it('cuts to 64 bytes and keeps names distinct ignoring case', () => {
    const long = 'x'.repeat(80);
    const names = spssNames([long, long, 'Same', 'same']);
    expect(names[0]).toBe('x'.repeat(64));
    expect(names[1]).toBe(`${'x'.repeat(62)}_2`);
    expect(names.slice(2)).toEqual(['Same', 'same_2']);
  });

  it('any wanted names give valid, distinct SPSS names', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 90 }), { maxLength: 30 }), (wanted) => {
        const names = spssNames(wanted);
        expect(names).toHaveLength(wanted.length);
        for (const name of names) {
          expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_.]*$/);
          expect(name.endsWith('.')).toBe(false);
          expect(Buffer.byteLength(name)).toBeLessThanOrEqual(64);
          expect(RESERVED).not.toContain(name.toUpperCase());
        }
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
      }),
    );
  });
});

describe('the export codebook and Excel cells', () => {
  const questions = [
    { id: '1', key: 'branch', type: 'single_choice' as const, category: 'answers' as const, prompt: both('Which café?'), options: [{ value: 'nizami', label: both('Nizami') }], rows: [] },
    { id: '2', key: 'store', type: 'hidden' as const, category: 'answers' as const, prompt: both('Store'), options: [], rows: [] },
    {
      id: '3',
      key: 'parts',
      type: 'grid' as const,
      category: 'answers' as const,
      prompt: both('Each part'),
      options: [{ value: 'good', label: both('Good') }],
      rows: [{ value: 'taste', label: both('Taste') }, { value: 'heat', label: both('Heat') }],
    },
    { id: '4', key: 'gender', type: 'gender' as const, category: 'demographic' as const, prompt: both('Gender'), options: [], rows: [] },
  ];

  it('lists the export columns in order — a grid one per row, hidden fields, display order, outcome last — labelled in the language asked for', () => {
    const az = codebookOf(questions, 'az', 'Asia/Baku');
    expect(az.map((v) => v.column)).toEqual(['response_id', 'locale', 'started_at', 'completed_at', 'branch', 'store', 'parts.taste', 'parts.heat', 'gender', 'display_order', 'outcome']);
    expect(az.find((v) => v.column === 'parts.heat')).toMatchObject({ kind: 'choice', label: 'Each part (az) — Heat (az)' });
    expect(az.find((v) => v.column === 'gender')).toMatchObject({ values: expect.arrayContaining([{ value: 'female', label: 'Qadın' }]) });
    expect(az.find((v) => v.column === 'outcome')).toMatchObject({ values: [{ value: 'complete', label: 'Tamamlanıb' }, { value: 'screened_out', label: 'Uyğun gəlmədi' }, { value: 'quota_full', label: 'Kvota dolub' }, { value: 'abandoned', label: 'Tərk edilib' }] });
    expect(codebookOf(questions, 'en', 'UTC').find((v) => v.column === 'started_at')!.label).toBe('Started (time in UTC)');
  });

  it('an Excel cell never starts a formula: text, a label staff wrote and a value no longer offered are neutralised', () => {
    const [, , , , branch] = codebookOf([{ ...questions[0]!, options: [{ value: 'nizami', label: both('=cmd|calc') }] }], 'en', 'UTC');
    expect(xlsxCell({ column: 'c', label: 'c', kind: 'text' }, '=HYPERLINK("x")', 'UTC')).toBe(`'=HYPERLINK("x")`);
    expect(xlsxCell({ column: 'c', label: 'c', kind: 'text' }, "+cmd|' /C calc'!A0", 'UTC')).toBe("'+cmd|' /C calc'!A0");
    expect(xlsxCell(branch!, 'nizami', 'UTC')).toBe("'=cmd|calc");
    expect(xlsxCell(branch!, '@gone', 'UTC')).toBe("'@gone");
    expect(xlsxCell({ column: 'c', label: 'c', kind: 'choices', values: [] }, ['-1', 'ok'], 'UTC')).toBe("'-1; ok");
    // A phone number keeps its plus (no spreadsheet runs it); what XML cannot hold is replaced, visibly.
    expect(xlsxCell({ column: 'c', label: 'c', kind: 'text' }, '+994501234567', 'UTC')).toBe('+994501234567');
    expect(xlsxCell({ column: 'c', label: 'c', kind: 'text' }, 'a\uFFFEb\uD800c', 'UTC')).toBe('a\uFFFDb\uFFFDc');
    expect(xlsxCell({ column: 'c', label: 'c', kind: 'text' }, 'ok 😀', 'UTC')).toBe('ok 😀');
    // Numbers stay numbers, nothing answered stays empty, a time is the zone's wall clock.
    expect(xlsxCell({ column: 'c', label: 'c', kind: 'number' }, 7, 'UTC')).toBe(7);
    expect(xlsxCell({ column: 'c', label: 'c', kind: 'number' }, undefined, 'UTC')).toBeNull();
    expect((xlsxCell({ column: 'c', label: 'c', kind: 'datetime' }, '2026-03-01T20:30:00.000Z', 'Asia/Baku') as Date).toISOString()).toBe('2026-03-02T00:30:00.000Z');
  });
});

const FORMATS = {
  csv: (plan: ExportPlan) => csvStream(plan),
  json: (plan: ExportPlan) => jsonStream(plan),
  xlsx: (plan: ExportPlan) => xlsxStream(plan, 'en'),
  spss: (plan: ExportPlan) => spssZipStream(plan, 'en'),
};

describe('every export streams', () => {
  it.each(Object.keys(FORMATS) as (keyof typeof FORMATS)[])('%s: a download that stops reading stops the reading of responses, and a cancelled one ends it', async (format) => {
    const N = 200_000;
    let pulled = 0;
    const plan: ExportPlan = {
      surveySlug: 's',
      variables: [
        { column: 'response_id', label: 'id', kind: 'text' },
        { column: 'comment', label: 'comment', kind: 'text' },
      ],
      columns: ['response_id', 'comment'],
      total: N,
      timeZone: 'UTC',
      rows: async function* () {
        for (let i = 0; i < N; i++) {
          pulled++;
          yield { response_id: `r${i}`, comment: createHash('sha256').update(String(i)).digest('hex') };
        }
      },
    };
    /** The count once it stops moving (the producer is waiting, or has ended). */
    const settled = async () => {
      for (let last = -1; last !== pulled; ) {
        last = pulled;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return pulled;
    };
    const reader = FORMATS[format](plan).getReader();
    expect((await reader.read()).done).toBe(false);
    const stalled = await settled();
    expect(stalled).toBeGreaterThan(0);
    expect(stalled).toBeLessThan(N / 10);
    await reader.cancel();
    expect(await settled()).toBeLessThanOrEqual(stalled + 1);
  });
});
