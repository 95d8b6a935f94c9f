import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conditionProblems, evaluate, formatCondition, parseCondition, pipe, pipeProblems, readCondition, type Condition, type Referable } from '@/features/survey/logic';

const parsed = (text: string) => {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(`did not parse: ${JSON.stringify(result.error)}`);
  return result.condition;
};

describe('skip logic: the text syntax staff type', () => {
  it('reads comparisons, lists, answered / not answered, and/or with and binding tighter, brackets', () => {
    expect(parsed('visit_type = delivery')).toEqual({ q: 'visit_type', op: 'eq', value: 'delivery' });
    expect(parsed('a != "two words"')).toEqual({ q: 'a', op: 'ne', value: 'two words' });
    expect(parsed('rating < 3')).toEqual({ q: 'rating', op: 'lt', value: 3 });
    expect(parsed('nps > 8')).toEqual({ q: 'nps', op: 'gt', value: 8 });
    expect(parsed('branch IN (nizami, port_baku)')).toEqual({ q: 'branch', op: 'in', values: ['nizami', 'port_baku'] });
    expect(parsed('email is answered')).toEqual({ q: 'email', op: 'answered' });
    expect(parsed('email is not answered')).toEqual({ q: 'email', op: 'unanswered' });
    expect(parsed('a = x or b = y and c = z')).toEqual({ or: [{ q: 'a', op: 'eq', value: 'x' }, { and: [{ q: 'b', op: 'eq', value: 'y' }, { q: 'c', op: 'eq', value: 'z' }] }] });
    expect(parsed('(a = x or b = y) and c = z')).toEqual({ and: [{ or: [{ q: 'a', op: 'eq', value: 'x' }, { q: 'b', op: 'eq', value: 'y' }] }, { q: 'c', op: 'eq', value: 'z' }] });
    expect(parsed('   ')).toBeNull();
  });

  it('refuses what it cannot read, with the place of the problem, instead of guessing', () => {
    for (const bad of ['a =', '= x', 'a == x', 'a = x and', '(a = x', 'a > many', 'A = x', 'a is maybe', 'a in ()', 'a = "open', 'a = x b = y', 'a ~ x']) {
      const result = parseCondition(bad);
      expect(result.ok, bad).toBe(false);
    }
    expect(parseCondition('a = x and ? b')).toEqual({ ok: false, error: { code: 'logic_syntax', at: 10 } });
    expect(parseCondition('('.repeat(20) + 'a = x' + ')'.repeat(20))).toEqual({ ok: false, error: { code: 'logic_too_deep' } });
    expect(parseCondition(`a = x${' or a = y'.repeat(200)}`)).toMatchObject({ ok: false, error: { code: 'logic_too_long' } });
    // Brackets alternating or/and nest two levels each: refused when typed, never stored to crash the page.
    expect(parseCondition('a=1 or b=2 and (a=1 or b=2 and (a=1 or b=2 and (a=1 or b=2 and c=3)))')).toEqual({ ok: false, error: { code: 'logic_too_deep' } });
  });

  it('writes a condition back as text that reads to the same condition (property)', () => {
    const key = fc.constantFrom('a', 'visit_type', 'q2');
    const value = fc.oneof(fc.constantFrom('x', 'and', 'two words', 'baku-28', 'Çatdırılma'), fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes('"') && s.trim() === s && s.length > 0));
    const leaf: fc.Arbitrary<Condition> = fc.oneof(
      fc.record({ q: key, op: fc.constantFrom('eq' as const, 'ne' as const), value }),
      fc.record({ q: key, op: fc.constant('in' as const), values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }) }),
      fc.record({ q: key, op: fc.constantFrom('gt' as const, 'lt' as const), value: fc.integer({ min: -5, max: 10 }) }),
      fc.record({ q: key, op: fc.constantFrom('answered' as const, 'unanswered' as const) }),
    );
    const tree = fc.letrec<{ c: Condition }>((tie) => ({
      c: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.record({ and: fc.array(tie('c'), { minLength: 2, maxLength: 3 }) }), fc.record({ or: fc.array(tie('c'), { minLength: 2, maxLength: 3 }) })),
    })).c;
    fc.assert(
      fc.property(tree, (condition) => {
        const text = formatCondition(condition);
        const back = parseCondition(text);
        if (!back.ok) return text.length > 1000 || back.error.code === 'logic_too_deep';
        // Whatever the parser accepts is what a page can read back (the one depth rule).
        expect(readCondition(back.condition)).toEqual(back.condition);
        // Flattening (a and (b and c)) reads back as the same truth table: compare by evaluation.
        const answers = { a: 'x', visit_type: ['and', 'x'], q2: 3 };
        return evaluate(back.condition, answers) === evaluate(condition, answers);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a stored condition that does not parse rather than showing a question to everyone', () => {
    expect(readCondition(null)).toBeNull();
    expect(() => readCondition({ q: 'a', op: 'like', value: 'x' })).toThrow();
    expect(() => readCondition({ and: [{ q: 'a', op: 'answered' }] })).toThrow();
  });
});

describe('skip logic: evaluation', () => {
  const answers = { single: 'delivery', multi: ['coffee', 'food'], rating: 2, text: 'hello' };
  it('compares single answers, multiple-choice answers as "holds", numbers as numbers', () => {
    expect(evaluate({ q: 'single', op: 'eq', value: 'delivery' }, answers)).toBe(true);
    expect(evaluate({ q: 'multi', op: 'eq', value: 'food' }, answers)).toBe(true);
    expect(evaluate({ q: 'multi', op: 'ne', value: 'work' }, answers)).toBe(true);
    expect(evaluate({ q: 'multi', op: 'ne', value: 'food' }, answers)).toBe(false);
    expect(evaluate({ q: 'multi', op: 'in', values: ['work', 'coffee'] }, answers)).toBe(true);
    expect(evaluate({ q: 'rating', op: 'lt', value: 3 }, answers)).toBe(true);
    expect(evaluate({ q: 'rating', op: 'gt', value: 2 }, answers)).toBe(false);
    expect(evaluate({ q: 'rating', op: 'eq', value: '2' }, answers)).toBe(true);
    expect(evaluate({ q: 'text', op: 'gt', value: 1 }, answers)).toBe(false);
  });
  it('treats an unanswered question as neither equal nor unequal, only as "not answered"', () => {
    for (const op of ['eq', 'ne'] as const) expect(evaluate({ q: 'missing', op, value: 'x' }, answers)).toBe(false);
    expect(evaluate({ q: 'missing', op: 'lt', value: 100 }, answers)).toBe(false);
    expect(evaluate({ q: 'missing', op: 'unanswered' }, answers)).toBe(true);
    expect(evaluate({ q: 'multi', op: 'unanswered' }, { multi: [] })).toBe(true);
    expect(evaluate(null, {})).toBe(true);
  });
  it('combines with and / or', () => {
    expect(evaluate({ and: [{ q: 'single', op: 'eq', value: 'delivery' }, { q: 'rating', op: 'lt', value: 2 }] }, answers)).toBe(false);
    expect(evaluate({ or: [{ q: 'single', op: 'eq', value: 'delivery' }, { q: 'rating', op: 'lt', value: 2 }] }, answers)).toBe(true);
  });
});

describe('skip logic and piping: checked against what comes before', () => {
  const before = new Map<string, Referable>([
    ['order_type', { key: 'order_type', type: 'single_choice', options: ['in_cafe', 'delivery'] }],
    ['rating', { key: 'rating', type: 'rating', options: [] }],
    ['gender', { key: 'gender', type: 'gender', options: [] }],
    ['store', { key: 'store', type: 'hidden', options: [] }],
  ]);
  const all = new Set([...before.keys(), 'later']);
  it('names a deleted or mistyped key, a later one, a wrong operator, a value that is no option', () => {
    expect(conditionProblems(parsed('nope = x'), before, all)).toEqual([{ code: 'logic_unknown_key', key: 'nope' }]);
    expect(conditionProblems(parsed('later is answered'), before, all)).toEqual([{ code: 'logic_not_before', key: 'later' }]);
    expect(conditionProblems(parsed('order_type > 2'), before, all)).toEqual([{ code: 'logic_operator', key: 'order_type' }]);
    expect(conditionProblems(parsed('store < 2'), before, all)).toEqual([{ code: 'logic_operator', key: 'store' }]);
    expect(conditionProblems(parsed('order_type in (delivery, drone)'), before, all)).toEqual([{ code: 'logic_value', key: 'order_type', value: 'drone' }]);
    expect(conditionProblems(parsed('gender = robot'), before, all)).toEqual([{ code: 'logic_value', key: 'gender', value: 'robot' }]);
    expect(conditionProblems(parsed('rating = high'), before, all)).toEqual([{ code: 'logic_value', key: 'rating', value: 'high' }]);
  });
  it('accepts earlier questions and hidden fields with any value a link may carry', () => {
    expect(conditionProblems(parsed('order_type = delivery and rating < 3 or store = baku-28 or gender = female'), before, all)).toEqual([]);
  });
  it('pipes only earlier answers and hidden fields, as plain text', () => {
    expect(pipeProblems('You chose {{order_type}} at {{ store }}', before, all)).toEqual([]);
    expect(pipeProblems('{{later}} and {{gone}}', before, all)).toEqual([
      { code: 'logic_not_before', key: 'later' },
      { code: 'logic_unknown_key', key: 'gone' },
    ]);
    expect(pipe('Rated {{rating}} at {{store}}; {not a pipe}', (k) => (k === 'rating' ? '2' : '<b>x</b>'))).toBe('Rated 2 at <b>x</b>; {not a pipe}');
  });
});
