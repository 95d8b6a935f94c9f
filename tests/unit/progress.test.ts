import { describe, expect, it } from 'vitest';
import { computeProgress } from '@/features/survey/progress';
import { firstIncompleteOnPath } from '@/features/survey/path';

describe('computeProgress', () => {
  it('counts the sections reached, the current one included, as its text "Section n of N" says: one third on the first page of three, full on the last', () => {
    expect(computeProgress(0, 3)).toEqual({ current: 1, total: 3, percent: 33 });
    expect(computeProgress(1, 3)).toEqual({ current: 2, total: 3, percent: 67 });
    expect(computeProgress(2, 3)).toEqual({ current: 3, total: 3, percent: 100 });
  });
  it('fills the bar as far as the text says, on every page of any survey', () => {
    for (let total = 1; total <= 12; total += 1) {
      for (let i = 0; i < total; i += 1) {
        const p = computeProgress(i, total);
        expect(p.percent).toBe(Math.round((p.current / p.total) * 100));
      }
      expect(computeProgress(total - 1, total).percent).toBe(100);
      expect(computeProgress(0, total).percent).toBeGreaterThan(0);
    }
  });
  it('clamps an index outside the survey', () => {
    expect(computeProgress(7, 3).current).toBe(3);
    expect(computeProgress(-2, 3).current).toBe(1);
  });
  it('refuses a survey without sections', () => {
    expect(() => computeProgress(0, 0)).toThrow(RangeError);
  });
});

describe('firstIncompleteOnPath (without logic: every section)', () => {
  const q = (key: string, required: boolean) => ({ key, required, type: 'short_text', showIf: null });
  const sections = [
    { showIf: null, questions: [q('a', true), q('b', false)] },
    { showIf: null, questions: [q('c', true)] },
  ];
  it('finds the first section with a missing required answer', () => {
    expect(firstIncompleteOnPath(sections, { a: 1 })).toBe(1);
    expect(firstIncompleteOnPath(sections, { c: 'x' })).toBe(0);
  });
  it('is null when every required question is answered, optional ones may be empty', () => {
    expect(firstIncompleteOnPath(sections, { a: 1, c: 'x' })).toBeNull();
  });
});
