import { describe, expect, it } from 'vitest';
import { lawfulBasisFor, mayForfeitReward, mayStoreFromSurvey } from '@/features/survey/policy';
import { DEFAULT_CATEGORY, QUESTION_TYPES } from '@/features/survey/question-types';

describe('lawful basis per category', () => {
  it('P4.1 contact, demographic and answers are processed on legitimate interests', () => {
    for (const c of ['contact', 'demographic', 'answers'] as const) expect(lawfulBasisFor(c)).toBe('legitimate_interests');
  });
  it('P4.2 usage, location and fraud data rest on consent', () => {
    for (const c of ['usage', 'location', 'fraud'] as const) expect(lawfulBasisFor(c)).toBe('consent');
  });
  it('P4.3 social-login data rests on consent; P4.4 Client data on legitimate interests', () => {
    expect(lawfulBasisFor('social')).toBe('consent');
    expect(lawfulBasisFor('client')).toBe('legitimate_interests');
  });
});

describe('P2.1 survey questions collect only the listed respondent categories', () => {
  it('P2.1 allows answers, contact and demographic; refuses consent-based categories', () => {
    expect(['answers', 'contact', 'demographic'].every((c) => mayStoreFromSurvey(c as never))).toBe(true);
    for (const c of ['usage', 'location', 'fraud', 'social', 'client', 'support'] as const) expect(mayStoreFromSurvey(c)).toBe(false);
  });
  it('P2.1 every question type defaults to a category a survey may collect', () => {
    for (const type of QUESTION_TYPES) expect(mayStoreFromSurvey(DEFAULT_CATEGORY[type])).toBe(true);
  });
});

describe('P8.1 withholding data may forfeit a reward but never blocks', () => {
  it('P8.1 optional contact and demographic questions carry the reward notice', () => {
    expect(mayForfeitReward({ category: 'contact', required: false })).toBe(true);
    expect(mayForfeitReward({ category: 'demographic', required: false })).toBe(true);
    expect(mayForfeitReward({ category: 'answers', required: false })).toBe(false);
    expect(mayForfeitReward({ category: 'contact', required: true })).toBe(false);
  });
});
