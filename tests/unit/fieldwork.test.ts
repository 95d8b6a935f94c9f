import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anyFull, availability, outcomeOf, quotasDecided, quotasMet, screensOut, type QuotaDTO } from '@/features/survey/fieldwork';
import { returnTarget, returnUrlProblem } from '@/features/survey/return-links';
import { localDateTimeOf, zonedDateTime } from '@/lib/dates';
import { sectionLogicProblems, surveyLogicProblems, type LogicSection } from '@/features/builder/logic-check';
import { fieldworkPublishProblems } from '@/features/builder/publish-check';

const at = (iso: string) => new Date(iso);

describe('fieldwork schedule and cap', () => {
  const schedule = { opensAt: at('2026-12-05T05:00:00Z'), closesAt: at('2026-12-31T14:00:00Z'), maxResponses: 200 };
  it('opens at its time, closes at its time, and is full at the cap', () => {
    expect(availability(schedule, at('2026-12-05T04:59:59Z'), 0)).toEqual({ kind: 'not_yet_open', opensAt: schedule.opensAt });
    expect(availability(schedule, at('2026-12-05T05:00:00Z'), 0)).toEqual({ kind: 'open', closesAt: schedule.closesAt });
    expect(availability(schedule, at('2026-12-20T00:00:00Z'), 199)).toMatchObject({ kind: 'open' });
    expect(availability(schedule, at('2026-12-20T00:00:00Z'), 200)).toEqual({ kind: 'full' });
    expect(availability(schedule, at('2026-12-31T14:00:00Z'), 0)).toEqual({ kind: 'closed', closedAt: schedule.closesAt });
    expect(availability({ opensAt: null, closesAt: null, maxResponses: null }, at('2030-01-01T00:00:00Z'), 10 ** 6)).toEqual({ kind: 'open', closesAt: null });
  });

  it('reads and shows times on the app’s clock (Asia/Baku, UTC+4)', () => {
    expect(zonedDateTime('2026-12-05T09:00', 'Asia/Baku')).toEqual(at('2026-12-05T05:00:00Z'));
    expect(localDateTimeOf(at('2026-12-05T05:00:00Z'), 'Asia/Baku')).toBe('2026-12-05T09:00');
    for (const bad of ['', '2026-12-05', '2026-02-30T09:00', '2026-12-05T24:00', '2026-12-05T09:60', '2026-12-05 09:00']) expect(zonedDateTime(bad, 'Asia/Baku')).toBeNull();
    // Across a daylight-saving change as well (Europe/Berlin, 29 March 2026 02:00 → 03:00).
    expect(zonedDateTime('2026-03-29T12:00', 'Europe/Berlin')).toEqual(at('2026-03-29T10:00:00Z'));
    fc.assert(
      fc.property(fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const minute = new Date(Math.floor(d.getTime() / 60_000) * 60_000);
        expect(zonedDateTime(localDateTimeOf(minute, 'Asia/Baku'), 'Asia/Baku')).toEqual(minute);
      }),
    );
  });
});

describe('quotas and screen-out', () => {
  const women: QuotaDTO = { id: 'w', name: 'Women', condition: { q: 'gender', op: 'eq', value: 'female' }, limit: 2 };
  const young: QuotaDTO = { id: 'y', name: 'Young women', condition: { and: [{ q: 'gender', op: 'eq', value: 'female' }, { q: 'age', op: 'eq', value: '18_24' }] }, limit: 1 };
  it('a response counts towards every quota it meets; before the end only towards those its answers decide', () => {
    expect(quotasMet([women, young], { gender: 'female', age: '18_24' }).map((q) => q.id)).toEqual(['w', 'y']);
    expect(quotasMet([women, young], { gender: 'male', age: '18_24' })).toEqual([]);
    // The age is not answered yet: "young women" cannot be judged, "women" can.
    expect(quotasDecided([women, young], { gender: 'female' }).map((q) => q.id)).toEqual(['w']);
    expect(quotasDecided([women, young], {})).toEqual([]);
  });
  it('a quota is full at its limit', () => {
    expect(anyFull([women, young], new Map([['w', 1]]))).toBeNull();
    expect(anyFull([women, young], new Map([['w', 1], ['y', 1]]))).toBe(young);
    expect(anyFull([women], new Map([['w', 3]]))).toBe(women);
  });
  it('screens out only when the section’s condition holds', () => {
    const section = { screenOutIf: { q: 'buys', op: 'eq' as const, value: 'no' } };
    expect(screensOut(section, { buys: 'no' })).toBe(true);
    expect(screensOut(section, { buys: 'yes' })).toBe(false);
    expect(screensOut(section, {})).toBe(false);
    expect(screensOut({ screenOutIf: null }, { buys: 'no' })).toBe(false);
  });
  it('names outcomes as reports and exports do', () => {
    expect(['completed', 'screened_out', 'quota_full', 'abandoned', 'in_progress'].map(outcomeOf)).toEqual(['complete', 'screened_out', 'quota_full', 'abandoned', null]);
  });
  it('the builder lets a screen-out read its own section; a later section is refused', () => {
    const text = { az: 'x', en: 'x' };
    const q = (key: string) => ({ key, type: 'single_choice', options: [{ value: 'yes' }, { value: 'no' }], showIf: null, prompt: text, help: null });
    const sections: LogicSection[] = [
      { showIf: null, screenOutIf: { q: 'buys', op: 'eq', value: 'no' }, title: text, questions: [q('buys')] },
      { showIf: null, screenOutIf: { q: 'later', op: 'eq', value: 'no' }, title: text, questions: [q('more')] },
      { showIf: null, title: text, questions: [q('later')] },
    ];
    expect(sectionLogicProblems(sections, 0, sections[0]!).screenOutIf).toEqual([]);
    expect(sectionLogicProblems(sections, 1, sections[1]!).screenOutIf).toEqual([{ code: 'logic_not_before', key: 'later' }]);
    expect(surveyLogicProblems(sections)).toEqual([{ where: { section: 2 }, problem: { code: 'logic_not_before', key: 'later' } }]);
  });
});

describe('publishing checks the fieldwork saved while the questionnaire changed', () => {
  const text = { az: 'x', en: 'x' };
  const sections: LogicSection[] = [
    {
      showIf: null,
      title: text,
      questions: [
        { key: 'pid', type: 'hidden', options: [], showIf: null, prompt: text, help: null },
        { key: 'gender', type: 'gender', options: [], showIf: null, prompt: text, help: null },
      ],
    },
  ];
  it('a quota on a question that is gone, a value no option has, a return link or panel id naming no hidden field', () => {
    const fine = { quotas: [{ name: 'Women', condition: { q: 'gender', op: 'eq' as const, value: 'female' } }], returnUrls: ['https://p.example/?id={{pid}}', null], panelIdKey: 'pid' };
    expect(fieldworkPublishProblems(sections, fine)).toEqual([]);
    const broken = {
      quotas: [{ name: 'Old', condition: { q: 'age', op: 'eq' as const, value: '18_24' } }, { name: 'Robots', condition: { q: 'gender', op: 'eq' as const, value: 'robot' } }],
      returnUrls: ['https://p.example/?id={{panel}}'],
      panelIdKey: 'panel_id',
    };
    expect(fieldworkPublishProblems(sections, broken)).toEqual([
      { code: 'quota', name: 'Old', problem: { code: 'logic_unknown_key', key: 'age' } },
      { code: 'quota', name: 'Robots', problem: { code: 'logic_value', key: 'gender', value: 'robot' } },
      { code: 'fieldwork_field', key: 'panel' },
      { code: 'fieldwork_field', key: 'panel_id' },
    ]);
  });
});

describe('panel return links (no open redirect)', () => {
  const urls = { complete: 'https://panel.example/r?s=ok&id={{pid}}', screened_out: 'https://panel.example/r/{{pid}}/out', quota_full: null };
  it('fills the panel id URL-encoded; without a value or a link, no target', () => {
    expect(returnTarget(urls, 'complete', { pid: 'P-1' })).toBe('https://panel.example/r?s=ok&id=P-1');
    expect(returnTarget(urls, 'screened_out', { pid: 'a/b#c' })).toBe('https://panel.example/r/a%2Fb%23c/out');
    expect(returnTarget(urls, 'complete', {})).toBeNull();
    expect(returnTarget(urls, 'quota_full', { pid: 'P-1' })).toBeNull();
  });
  it('refuses templates a value could turn into another site', () => {
    const hidden = ['pid'];
    expect(returnUrlProblem('https://{{pid}}/x', hidden)).toBe('return_url_origin');
    expect(returnUrlProblem('https://a.example{{pid}}', hidden)).toBe('return_url_origin');
    expect(returnUrlProblem('https://a.example:{{pid}}/', hidden)).toBe('return_url_invalid');
    expect(returnUrlProblem('//a.example/{{pid}}', hidden)).toBe('return_url_invalid');
    expect(returnUrlProblem('{{pid}}', hidden)).toBe('return_url_invalid');
    expect(returnUrlProblem('data:text/html,<script>', hidden)).toBe('return_url_invalid');
    expect(returnUrlProblem('http://a.example/{{pid}}', hidden)).toBe('return_url_scheme');
    // Not even the respondent's own machine: https to a real panel only.
    expect(returnUrlProblem('http://localhost:4000/back?id={{pid}}', hidden)).toBe('return_url_scheme');
    expect(returnUrlProblem('https://panel.example:8443/back?id={{pid}}', hidden)).toBeNull();
    expect(returnUrlProblem('https://a.example/?x={{other}}', hidden)).toBe('return_url_key');
  });
  it('whatever the value, the target stays on the template’s origin (property)', () => {
    const templates = ['https://panel.example/r?id={{pid}}', 'https://panel.example/{{pid}}', 'https://panel.example/r#{{pid}}', 'https://panel.example/r?a={{pid}}&b={{pid}}'];
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.string({ minLength: 1, maxLength: 60 }), (template, pid) => {
        const target = returnTarget({ complete: template, screened_out: null, quota_full: null }, 'complete', { pid });
        expect(target).not.toBeNull();
        expect(new URL(target!).origin).toBe('https://panel.example');
      }),
    );
  });
});
