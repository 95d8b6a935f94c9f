import { describe, expect, it } from 'vitest';
import { ContactPurpose } from '@/generated/sqlite';
import en from '../../messages/en.json';

describe('contact purposes', () => {
  it('P5.1 a contact field can only be asked for validation, reward delivery or support — never marketing', () => {
    expect(Object.values(ContactPurpose).sort()).toEqual(['reward_delivery', 'support', 'survey_validation']);
  });
  it('P5.1 every purpose is explained to the respondent', () => {
    for (const purpose of Object.values(ContactPurpose)) expect(en.Survey.purpose[purpose]).toMatch(/^Why we ask: only/);
  });
});
