import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import en from '../../messages/en.json';
import az from '../../messages/az.json';
import fallback from '../../messages/fallback.json';

function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.entries(obj).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(acc, flatten(v as Record<string, unknown>, key));
    else acc[key] = String(v);
    return acc;
  }, {});
}

describe('messages', () => {
  const flatEn = flatten(en);
  const flatAz = flatten(az);

  it('az and en have exactly the same keys', () => {
    expect(Object.keys(flatAz).sort()).toEqual(Object.keys(flatEn).sort());
  });

  it('no message is empty', () => {
    for (const [key, text] of Object.entries({ ...flatEn, ...flatAz })) expect(text.trim(), key).not.toBe('');
  });

  it.each(Object.keys(flatEn))('%s is valid ICU in both locales with the same arguments', (key) => {
    const args = (text: string, locale: string) => {
      const ast = new IntlMessageFormat(text, locale).getAst();
      return JSON.stringify(ast.filter((el) => 'value' in el && el.type !== 0).map((el) => (el as { value: string }).value).sort());
    };
    expect(args(flatAz[key]!, 'az')).toBe(args(flatEn[key]!, 'en'));
  });
});

describe('fallback messages (the last-resort error and not-found pages)', () => {
  it('have the same keys in az and en, and repeat the catalogues’ wording', () => {
    expect(Object.keys(fallback.az).sort()).toEqual(Object.keys(fallback.en).sort());
    expect(fallback.en.title).toBe(en.ErrorPage.title);
    expect(fallback.az.notFoundTitle).toBe(az.NotFound.title);
  });
});

describe('one word for one state', () => {
  it.each([['az', az], ['en', en]] as const)('the builder names a survey’s status as the survey list does, draft like published (%s)', (_, messages) => {
    expect(messages.Builder.statuses).toEqual(messages.Admin.surveyStatus);
  });
});
