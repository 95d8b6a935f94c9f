import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDisplayOrder, displayOrderSchema, drawDisplayOrder, shuffled } from '@/features/survey/display-order';
import { reportQuestion } from '@/features/responses/report';

const option = (value: string, keepLast = false) => ({ value, ...(keepLast ? { keepLast } : {}) });
const survey = {
  randomizeSections: true,
  sections: [
    { id: 's1', randomizeQuestions: false, questions: [{ id: 'q1', randomizeOptions: true, options: [option('a'), option('b'), option('c'), option('none', true)] }] },
    { id: 's2', randomizeQuestions: true, questions: [{ id: 'q2', options: [] }, { id: 'q3', options: [] }, { id: 'q4', options: [] }] },
    { id: 's3', questions: [{ id: 'q5', options: [option('x'), option('y')] }] },
    { id: 's4', questions: [{ id: 'q6', options: [] }] },
  ],
};

describe('randomization: the order one respondent sees', () => {
  it('shuffles only what the survey asks, keeps the first section first and "keep last" options last (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (draws) => {
        let i = 0;
        const order = drawDisplayOrder(survey, (n) => draws[i++ % draws.length]! % n)!;
        expect(order.sections![0]).toBe('s1');
        expect([...order.sections!].sort()).toEqual(['s1', 's2', 's3', 's4']);
        expect(order.options!.q1!.at(-1)).toBe('none');
        expect([...order.options!.q1!].sort()).toEqual(['a', 'b', 'c', 'none']);
        expect([...order.questions!.s2!].sort()).toEqual(['q2', 'q3', 'q4']);
        // Not asked to shuffle: not in the order at all (the survey's own order applies).
        expect(order.options!.q5).toBeUndefined();
        expect(order.questions!.s1).toBeUndefined();
        expect(displayOrderSchema.safeParse(order).success).toBe(true);
      }),
    );
  });

  it('is null when nothing is shuffled, and then changes nothing', () => {
    const plain = { sections: survey.sections.map((s) => ({ ...s, randomizeQuestions: false, questions: s.questions.map((q) => ({ ...q, randomizeOptions: false })) })) };
    expect(drawDisplayOrder(plain)).toBeNull();
    expect(applyDisplayOrder(plain, null)).toBe(plain);
  });

  it('applies a stored order to a new copy, never to the shared definition; unknown ids keep their place after', () => {
    const order = { sections: ['s1', 's3', 's2'], questions: { s2: ['q4', 'q2'] }, options: { q1: ['c', 'a', 'gone'] } };
    const seen = applyDisplayOrder(survey, order);
    expect(seen.sections.map((s) => s.id)).toEqual(['s1', 's3', 's2', 's4']);
    expect(seen.sections[2]!.questions.map((q) => q.id)).toEqual(['q4', 'q2', 'q3']);
    expect(seen.sections[0]!.questions[0]!.options.map((o) => o.value)).toEqual(['c', 'a', 'b', 'none']);
    expect(survey.sections.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('draws every order with a fair shuffle (all 6 orders of 3 within 20% of even over 6,000 draws)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = shuffled(['a', 'b', 'c']).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(200);
  });
});

describe('grid report', () => {
  it('reports each row over the scale, counting only the respondents who answered that row', () => {
    const report = reportQuestion('grid', ['poor', 'good'], [{ taste: 'good', temp: 'poor' }, { taste: 'good' }, { taste: 'poor', temp: 'poor' }], ['taste', 'temp']);
    expect(report).toEqual({
      kind: 'grid',
      answered: 3,
      rows: [
        { value: 'taste', answered: 3, buckets: [{ value: 'poor', count: 1, percent: 33.3 }, { value: 'good', count: 2, percent: 66.7 }] },
        { value: 'temp', answered: 2, buckets: [{ value: 'poor', count: 2, percent: 100 }, { value: 'good', count: 0, percent: 0 }] },
      ],
    });
  });
});
