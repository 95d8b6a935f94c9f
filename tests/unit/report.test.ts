import { describe, expect, it } from 'vitest';
import { reportQuestion, responsesPerDay } from '@/features/responses/report';
import { neutralizeCell } from '@/features/responses/export';

describe('report figures', () => {
  it('counts single choices with percentages of those who answered', () => {
    const r = reportQuestion('single_choice', ['a', 'b', 'c'], ['a', 'a', 'b', 'a']);
    expect(r).toEqual({ kind: 'choice', answered: 4, buckets: [{ value: 'a', count: 3, percent: 75 }, { value: 'b', count: 1, percent: 25 }, { value: 'c', count: 0, percent: 0 }] });
  });
  it('counts multiple choices per respondent (may total more than 100 %)', () => {
    const r = reportQuestion('multiple_choice', ['x', 'y'], [['x', 'y'], ['x']]);
    expect(r.kind === 'choice' && r.buckets).toEqual([{ value: 'x', count: 2, percent: 100 }, { value: 'y', count: 1, percent: 50 }]);
  });
  it('gives the mean rating and its distribution', () => {
    const r = reportQuestion('rating', [], [5, 4, 4, 1]);
    expect(r).toMatchObject({ kind: 'rating', answered: 4, mean: 3.5 });
    expect(r.kind === 'rating' && r.buckets.map((b) => b.count)).toEqual([1, 0, 0, 2, 1]);
  });
  it('computes NPS as % promoters minus % detractors', () => {
    const r = reportQuestion('nps', [], [10, 9, 9, 8, 7, 6, 0, 3]);
    expect(r).toMatchObject({ kind: 'nps', promoters: 3, passives: 2, detractors: 3, score: 0 });
    expect(reportQuestion('nps', [], [10, 10])).toMatchObject({ score: 100 });
    expect(reportQuestion('nps', [], [])).toMatchObject({ score: null });
  });
  it('lists responses per day with empty days filled in', () => {
    const d = (s: string) => new Date(s);
    expect(responsesPerDay([d('2026-11-20T10:00Z'), d('2026-11-22T09:00Z'), d('2026-11-22T18:00Z')], 'UTC')).toEqual([
      { day: '2026-11-20', count: 1 },
      { day: '2026-11-21', count: 0 },
      { day: '2026-11-22', count: 2 },
    ]);
  });
  it('counts days in the app’s time zone: 21:30 UTC is already the next day in Baku', () => {
    const d = (s: string) => new Date(s);
    expect(responsesPerDay([d('2026-12-01T10:00Z'), d('2026-12-01T21:30Z'), d('2026-12-03T19:59Z')], 'Asia/Baku')).toEqual([
      { day: '2026-12-01', count: 1 },
      { day: '2026-12-02', count: 1 },
      { day: '2026-12-03', count: 1 },
    ]);
  });
});

describe('CSV formula injection', () => {
  it.each(['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('neutralises %j', (cell) => {
    expect(neutralizeCell(cell)).toBe(`'${cell}`);
  });
  it.each(['+994501234567', '+994 50 123 45 67'])('leaves the phone number %j its plus', (cell) => {
    expect(neutralizeCell(cell)).toBe(cell);
  });
  it('leaves ordinary text alone', () => {
    expect(neutralizeCell('Friendly staff = great')).toBe('Friendly staff = great');
  });
});
