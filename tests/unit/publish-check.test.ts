import { describe, expect, it } from 'vitest';
import { publishProblems, type DraftSurvey } from '@/features/builder/publish-check';

const both = (s: string) => ({ az: `${s} az`, en: `${s} en` });
const complete: DraftSurvey = {
  title: both('Title'),
  description: both('About'),
  sections: [
    {
      title: both('Section'),
      questions: [
        { key: 'q1', type: 'single_choice', prompt: both('Pick'), help: null, options: [{ value: 'a', label: both('A') }, { value: 'b', label: both('B') }] },
        { key: 'q2', type: 'long_text', prompt: both('Say'), help: { az: '', en: '' }, options: [] },
      ],
    },
  ],
};

describe('publishing a survey', () => {
  it('accepts a survey translated everywhere', () => {
    expect(publishProblems(complete)).toEqual([]);
  });
  it('refuses a missing translation, and says where and which language', () => {
    const draft = structuredClone(complete);
    draft.sections[0]!.questions[0]!.options[1]!.label.en = ' ';
    draft.title.az = '';
    expect(publishProblems(draft)).toEqual([
      { code: 'missing_translation', where: 'title', locale: 'az' },
      { code: 'missing_translation', where: 'q1: b', locale: 'en' },
    ]);
  });
  it('refuses a survey with nothing to ask, or a choice with fewer than two options', () => {
    expect(publishProblems({ ...complete, sections: [{ title: both('S'), questions: [] }] })).toContainEqual({ code: 'no_questions' });
    const draft = structuredClone(complete);
    draft.sections[0]!.questions[0]!.options.pop();
    expect(publishProblems(draft)).toEqual([{ code: 'too_few_options', where: 'q1' }]);
  });
});
