import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import az from '../../messages/az.json';
import {
  ANSWER_ERROR_CODES,
  FORM_ERROR_CODES,
  formDataAsTyped,
  formDataToRaw,
  parseSection,
  type QuestionRule,
} from '@/features/survey/schemas';
import type { QuestionType } from '@/generated/sqlite';
import { DEFAULT_CATEGORY } from '@/features/survey/question-types';

const TODAY = '2026-11-25';

function q(type: QuestionType, over: Partial<QuestionRule> = {}): QuestionRule {
  return {
    key: 'answer',
    type,
    category: DEFAULT_CATEGORY[type],
    required: true,
    options: type.endsWith('choice') || type === 'grid' ? [{ value: 'a' }, { value: 'b' }, { value: 'c' }] : [],
    ...(type === 'grid' ? { rows: [{ value: 'r1' }, { value: 'r2' }] } : {}),
    ...over,
  };
}

function check(question: QuestionRule, input: unknown, mode: 'complete' | 'partial' = 'complete') {
  return parseSection([question], { [question.key]: input }, mode, TODAY);
}

function errorOf(question: QuestionRule, input: unknown) {
  const result = check(question, input);
  return result.ok ? null : result.fieldErrors[question.key];
}

function valueOf(question: QuestionRule, input: unknown) {
  const result = check(question, input);
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result)}`);
  return result.values[question.key];
}

// Per question type: [valid input, stored value] pairs and [invalid input, error code] pairs.
const cases: Record<QuestionType, { valid: [unknown, unknown][]; invalid: [unknown, string][] }> = {
  single_choice: { valid: [['b', 'b']], invalid: [['z', 'invalid_choice'], [['a', 'b'], 'invalid']] },
  multiple_choice: {
    valid: [[['a'], ['a']], [['a', 'c'], ['a', 'c']]],
    invalid: [[['a', 'z'], 'invalid_choice'], [['a', 'a'], 'invalid_choice']],
  },
  rating: { valid: [['1', 1], ['5', 5]], invalid: [['0', 'out_of_range'], ['6', 'out_of_range'], ['3.5', 'out_of_range'], ['x', 'out_of_range']] },
  nps: { valid: [['0', 0], ['10', 10]], invalid: [['11', 'out_of_range'], ['-1', 'out_of_range']] },
  short_text: { valid: [['  Friendly staff  ', 'Friendly staff']], invalid: [['x'.repeat(201), 'too_long']] },
  long_text: { valid: [['Line one\nLine two', 'Line one\nLine two']], invalid: [['x'.repeat(5001), 'too_long']] },
  email: {
    valid: [['leyla@example.az', 'leyla@example.az']],
    invalid: [['leyla', 'invalid_email'], ['a@b', 'invalid_email'], [`${'x'.repeat(250)}@example.com`, 'invalid_email']],
  },
  phone: {
    valid: [['+994 50 123 45 67', '+994501234567'], ['(012) 555-12-34', '0125551234']],
    invalid: [['12345', 'invalid_phone'], ['call me', 'invalid_phone'], ['+1234567890123456', 'invalid_phone']],
  },
  gender: { valid: [['female', 'female'], ['prefer_not_to_say', 'prefer_not_to_say']], invalid: [['robot', 'invalid_choice']] },
  birth_date: {
    valid: [['1990-04-30', '1990-04-30'], [TODAY, TODAY]],
    invalid: [['30.04.1990', 'invalid_date'], ['1990-02-30', 'invalid_date'], ['2026-11-26', 'date_in_future'], ['1899-12-31', 'date_too_early']],
  },
  // Required per row: a grid with a row left empty is incomplete; a row or value not of the grid is invalid.
  grid: {
    valid: [[{ r1: 'a', r2: 'c' }, { r1: 'a', r2: 'c' }]],
    invalid: [[{ r1: 'b', r2: '' }, 'grid_incomplete'], [{ r1: 'z', r2: 'a' }, 'invalid_choice'], [{ r1: 'a', r2: 'a', forged: 'a' }, 'invalid_choice'], ['a', 'invalid_choice']],
  },
  hidden: { valid: [['  baku-28 ', 'baku-28']], invalid: [['x'.repeat(201), 'too_long']] },
  postal_code: { valid: [['az1000', 'AZ1000'], ['SW1A 1AA', 'SW1A 1AA']], invalid: [['A', 'invalid_postal_code'], ['AZ<1000>', 'invalid_postal_code']] },
};

describe('answer schemas per question type', () => {
  for (const [type, { valid, invalid }] of Object.entries(cases) as [QuestionType, (typeof cases)[QuestionType]][]) {
    describe(type, () => {
      it.each(valid)('accepts %j', (input, stored) => {
        expect(valueOf(q(type), input)).toEqual(stored);
      });
      it.each(invalid)('rejects %j with %s', (input, code) => {
        expect(errorOf(q(type), input)).toBe(code);
      });
      it('requires an answer when required, in complete mode only', () => {
        expect(errorOf(q(type), '')).toBe('required');
        expect(errorOf(q(type), undefined)).toBe('required');
        expect(check(q(type), '', 'partial')).toEqual({ ok: true, values: { answer: undefined }, publish: {} });
      });
      it('leaves an optional question unanswered without an error', () => {
        expect(check(q(type, { required: false }), '')).toEqual({ ok: true, values: { answer: undefined }, publish: {} });
      });
    });
  }

  it('treats blank-only text and an empty selection as unanswered', () => {
    expect(errorOf(q('short_text'), '   ')).toBe('required');
    expect(errorOf(q('multiple_choice'), [])).toBe('required');
  });

  it('checks formats in partial mode too (going back never stores an invalid value)', () => {
    const result = check(q('email'), 'not-an-email', 'partial');
    expect(result).toEqual({ ok: false, fieldErrors: { answer: 'invalid_email' }, formError: undefined });
  });
});

describe('P2.1 nothing beyond the listed fields is stored', () => {
  it('P2.1 rejects a field that is not a question of the section', () => {
    const result = parseSection([q('short_text')], { answer: 'fine', ip_address: '203.0.113.7' }, 'complete', TODAY);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.formError).toBe('unknown_field');
  });

  it('P2.1 keeps only question fields from the posted form, dropping framework fields', () => {
    const form = new FormData();
    form.append('$ACTION_ID_abc', '');
    form.append('intent', 'next');
    form.append('sectionId', 's1');
    form.append('answer', 'a');
    form.append('extra', 'x');
    expect(formDataToRaw(form, [q('single_choice')])).toEqual({ answer: 'a', extra: 'x' });
  });

  it('reads repeated fields of a multiple-choice question as a list, even with one value', () => {
    const form = new FormData();
    form.append('answer', 'a');
    expect(formDataToRaw(form, [q('multiple_choice')])).toEqual({ answer: ['a'] });
  });
});

describe('validation messages are localized', () => {
  it.each([...ANSWER_ERROR_CODES, ...FORM_ERROR_CODES])('%s has a message in az and en', (code) => {
    const enText = (en.Errors as Record<string, string>)[code];
    const azText = (az.Errors as Record<string, string>)[code];
    expect(enText).toBeTruthy();
    expect(azText).toBeTruthy();
    expect(azText).not.toBe(enText);
  });
});

describe('P3.3 the publication permission of a comment', () => {
  const comment = q('long_text', { required: false, publishable: true });
  it('P3.3 is absent (not given) unless the respondent ticks it', () => {
    expect(parseSection([comment], { answer: 'Great coffee' }, 'complete', TODAY)).toMatchObject({ ok: true, publish: { answer: false } });
    expect(parseSection([comment], { answer: 'Great coffee', answer__publish: 'on' }, 'complete', TODAY)).toMatchObject({ ok: true, publish: { answer: true } });
  });
  it('P3.3 exists only together with a comment', () => {
    expect(parseSection([comment], { answer: '', answer__publish: 'on' }, 'complete', TODAY)).toMatchObject({ ok: true, publish: { answer: false } });
  });
  it('P2.1 is refused for a comment that cannot be published', () => {
    const plain = q('long_text', { required: false });
    expect(parseSection([plain], { answer: 'x', answer__publish: 'on' }, 'complete', TODAY)).toMatchObject({ ok: false, formError: 'unknown_field' });
  });
});

describe('a grid posted row by row', () => {
  it('gathers `<key>.<row>` fields into one plain object; a row named __proto__ is an own key, refused as no row of the grid', () => {
    const grid = q('grid');
    const form = new FormData();
    form.append('answer.r1', 'a');
    form.append('answer.__proto__', 'b');
    const raw = formDataToRaw(form, [grid]);
    expect(Object.getPrototypeOf(raw.answer)).toBe(Object.prototype);
    expect(parseSection([grid], raw, 'partial', TODAY)).toMatchObject({ ok: false, fieldErrors: { answer: 'invalid_choice' } });
    const fine = new FormData();
    fine.append('answer.r1', 'a');
    fine.append('answer.r2', 'c');
    expect(parseSection([grid], formDataToRaw(fine, [grid]), 'complete', TODAY)).toMatchObject({ ok: true, values: { answer: { r1: 'a', r2: 'c' } } });
  });

  it('echoes a failed post as the form reads it: a grid’s rows in their grid, repeated fields as lists', () => {
    const form = new FormData();
    for (const [k, v] of [['answer.r1', 'a'], ['answer.r2', 'c'], ['multi', 'x'], ['multi', 'y'], ['$ACTION_1:0', '{}']]) form.append(k!, v!);
    expect(formDataAsTyped(form)).toEqual({ answer: { r1: 'a', r2: 'c' }, multi: ['x', 'y'] });
  });
});
