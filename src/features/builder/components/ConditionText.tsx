import { getTranslations } from 'next-intl/server';
import type { Condition } from '@/features/survey/logic';

/** Option labels by question key and value, in the page's language (a condition reads "is “Delivery”", not "= delivery"). */
export type OptionLabels = Map<string, Map<string, string>>;

export function optionLabelsOf(sections: { questions: { key: string; options: { value: string; label: { az: string; en: string } }[] }[] }[], locale: 'az' | 'en'): OptionLabels {
  return new Map(sections.flatMap((s) => s.questions.map((q) => [q.key, new Map(q.options.map((o) => [o.value, o.label[locale] || o.value]))] as const)));
}

/** A condition in words, in the page's language: how the builder shows skip logic. */
export async function ConditionText({ condition, labels }: { condition: Condition; labels: OptionLabels }) {
  const t = await getTranslations('Builder');
  const label = (key: string, value: string) => `“${labels.get(key)?.get(value) ?? value}”`;
  const words = (c: Condition, nested: boolean): string => {
    if ('and' in c || 'or' in c) {
      const [joiner, parts] = 'and' in c ? [t('logic.and'), c.and] : [t('logic.or'), c.or];
      const text = parts.map((p) => words(p, true)).join(` ${joiner} `);
      return nested ? `(${text})` : text;
    }
    switch (c.op) {
      case 'eq':
        return t('logic.eq', { key: c.q, value: label(c.q, c.value) });
      case 'ne':
        return t('logic.ne', { key: c.q, value: label(c.q, c.value) });
      case 'in':
        return t('logic.in', { key: c.q, values: c.values.map((v) => label(c.q, v)).join(', ') });
      case 'gt':
        return t('logic.gt', { key: c.q, value: c.value });
      case 'lt':
        return t('logic.lt', { key: c.q, value: c.value });
      case 'answered':
        return t('logic.answered', { key: c.q });
      case 'unanswered':
        return t('logic.unanswered', { key: c.q });
    }
  };
  return <span className="condition-text">{words(condition, false)}</span>;
}
