import { describe, expect, it } from 'vitest';
import { computeProgress } from '@/features/survey/progress';
import { firstIncompleteSection } from '@/features/survey/completion';

describe('computeProgress', () => {
  it('counts finished sections: 0 % on the first page of three, 67 % on the last', () => {
    expect(computeProgress(0, 3)).toEqual({ current: 1, total: 3, percent: 0 });
    expect(computeProgress(1, 3)).toEqual({ current: 2, total: 3, percent: 33 });
    expect(computeProgress(2, 3)).toEqual({ current: 3, total: 3, percent: 67 });
  });
  it('clamps an index outside the survey', () => {
    expect(computeProgress(7, 3).current).toBe(3);
    expect(computeProgress(-2, 3).current).toBe(1);
  });
  it('refuses a survey without sections', () => {
    expect(() => computeProgress(0, 0)).toThrow(RangeError);
  });
});

describe('firstIncompleteSection', () => {
  const sections = [
    { questions: [{ key: 'a', required: true }, { key: 'b', required: false }] },
    { questions: [{ key: 'c', required: true }] },
  ];
  it('finds the first section with a missing required answer', () => {
    expect(firstIncompleteSection(sections, { a: 1 })).toBe(1);
    expect(firstIncompleteSection(sections, { c: 'x' })).toBe(0);
  });
  it('is null when every required question is answered, optional ones may be empty', () => {
    expect(firstIncompleteSection(sections, { a: 1, c: 'x' })).toBeNull();
  });
});
