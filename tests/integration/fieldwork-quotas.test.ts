import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PANEL_SURVEY_SLUG } from '../../prisma/seed';
import type { StaffUserDTO } from '@/server/authz';
import { createDb, type Db } from '@/server/create-db';
import { addQuotaAs, deleteQuotaAs, updateFieldworkAs, updateQuotaLimitAs, SurveyClosedError } from '@/features/builder/fieldwork-commands';
import { closeSurveyAs } from '@/features/builder/commands';
import { csvStream, planExport } from '@/features/responses/export';
import { surveyReport } from '@/features/responses/queries';
import { completeDraft, endDraft, markAbandonedDrafts, PanelIdFinishedError, PanelIdInUseError, QuotaFullError, saveSection, ScreenedOutError, startDraft } from '@/features/survey/drafts';
import { panelKeyOf } from '@/features/survey/panel-id';
import { endingOf } from '@/features/survey/endings';
import { hiddenValuesFromForm } from '@/features/survey/link-values';
import { findDraft, findFinishedBy, getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import { fullAlready, quotaFiller } from '@/features/survey/quotas';
import { pathSettler, planSectionStep } from '@/features/survey/section-step';
import { purgeExpiredData } from '@/features/retention/purge';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const TODAY = '2026-12-03';
const TZ = 'Asia/Baku';
/** The fieldwork form with nothing set but the seeded panel id field. */
const FIELDWORK = { opensAt: '', closesAt: '', maxResponses: null, returnUrlComplete: '', returnUrlScreenedOut: '', returnUrlQuotaFull: '', panelIdKey: 'pid' };
type Person = { gender: string; age_band?: string; buys_coffee?: string };

describe.each(PROVIDERS)('fieldwork: quotas, screen-out, schedule and panel links on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const survey = async (db: Db = t.db): Promise<SurveyDTO> => (await getPublishedSurvey(db, PANEL_SURVEY_SLUG))!;
  const userOf = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const admin = () => userOf('admin@sorgu.test');

  /** A respondent from the panel link, both sections sent as submitSection would: ready to complete. */
  async function answered(person: Person, pid = 'P-1') {
    const s = await survey();
    const started = await startDraft(t.db, s.id, 'en', new Date(), null, undefined, { hiddenFields: hiddenValuesFromForm(s, { link_pid: pid }) });
    const send = async (index: number, fields: Record<string, string>) => {
      const draft = (await findDraft(t.db, s.id, started.token))!;
      const form = new FormData();
      form.set('sectionId', s.sections[index]!.id);
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      const step = planSectionStep(s, draft, form, { kind: index === 1 ? 'finish' : 'next' }, TODAY);
      if (step.kind !== 'save') throw new Error(`section ${index}: ${step.kind}`);
      await saveSection(t.db, draft.id, step.questions, step.values, step.publish, step.nextSection);
      return step;
    };
    const first = await send(0, { gender: person.gender, age_band: person.age_band ?? '25_34', buys_coffee: person.buys_coffee ?? 'yes' });
    if (first.screenedOut) return { ...started, first };
    const second = await send(1, { where_buy: 'cafe', cups_week: '3_5' });
    return { ...started, first, second };
  }

  /** Completing as the action does: the path settled and the quotas filled in the completing transaction. */
  async function complete(db: Db, responseId: string): Promise<'completed' | 'quota_full' | 'screened_out'> {
    const s = await survey(db);
    try {
      await completeDraft(db, responseId, new Date(), { settle: pathSettler(s.sections), fill: quotaFiller(db, s.id) });
      return 'completed';
    } catch (error) {
      if (error instanceof QuotaFullError) return (await endDraft(db, responseId, 'quota_full'), 'quota_full');
      if (error instanceof ScreenedOutError) return (await endDraft(db, responseId, 'screened_out'), 'screened_out');
      throw error;
    }
  }

  const setLimit = async (name: string, limit: number) => {
    const s = await survey();
    await updateQuotaLimitAs(t.db, await admin(), s.id, s.quotas.find((q) => q.name === name)!.id, limit);
  };

  it('a quota is never over-filled: twelve completions at once from two app instances, limit 3', async () => {
    await setLimit('Women', 3);
    const women = await Promise.all(Array.from({ length: 12 }, (_, i) => answered({ gender: 'female' }, `W-${i}`)));
    // A second client on the same database: a second app instance.
    const other = createDb(t.url);
    try {
      const outcomes = await Promise.all(women.map((w, i) => complete(i % 2 ? other : t.db, w.responseId)));
      expect(outcomes.filter((o) => o === 'completed')).toHaveLength(3);
      expect(outcomes.filter((o) => o === 'quota_full')).toHaveLength(9);
    } finally {
      await other.$disconnect();
    }
    const quota = (await survey()).quotas.find((q) => q.name === 'Women')!;
    expect(await t.db.quotaMember.count({ where: { quotaId: quota.id } })).toBe(3);
    expect(await t.db.response.count({ where: { surveyId: (await survey()).id, status: 'completed' } })).toBe(3);
    // The nine ended "quota full" keep only what the partial-response rule allows: a clock runs from now.
    const ended = await t.db.response.findMany({ where: { status: 'quota_full' }, select: { abandonedAt: true, completedAt: true } });
    expect(ended).toHaveLength(9);
    for (const r of ended) expect(r).toMatchObject({ completedAt: null, abandonedAt: expect.any(Date) });
    // Men are not held back by the women's quota.
    expect(await complete(t.db, (await answered({ gender: 'male' })).responseId)).toBe('completed');
  });

  it('one response per panel id: in progress it stays in its own browser (an id may be guessed), finished it is refused, abandoned it starts afresh', async () => {
    const s = await survey();
    const startAs = (pid: string) => {
      const hiddenFields = hiddenValuesFromForm(s, { link_pid: pid });
      return startDraft(t.db, s.id, 'en', new Date(), null, undefined, { hiddenFields, panelKey: panelKeyOf(s.panelIdKey, hiddenFields) });
    };
    const first = await startAs('P-77');
    // Another browser with the same id: not handed someone's answers.
    await expect(startAs('P-77')).rejects.toBeInstanceOf(PanelIdInUseError);
    expect((await findDraft(t.db, s.id, first.token))?.id).toBe(first.responseId);
    await endDraft(t.db, first.responseId, 'screened_out');
    await expect(startAs('P-77')).rejects.toMatchObject({ responseId: first.responseId, status: 'screened_out' });
    await expect(startAs('P-77')).rejects.toBeInstanceOf(PanelIdFinishedError);
    expect(await t.db.response.count({ where: { surveyId: s.id } })).toBe(1);
    // Ten starts with one new id at the same moment: one response, the nine others refused.
    const many = await Promise.allSettled(Array.from({ length: 10 }, () => startAs('P-88')));
    const won = many.flatMap((m) => (m.status === 'fulfilled' ? [m.value] : []));
    expect(won).toHaveLength(1);
    for (const m of many) if (m.status === 'rejected') expect(m.reason).toBeInstanceOf(PanelIdInUseError);
    expect(await t.db.response.count({ where: { surveyId: s.id } })).toBe(2);
    // Left idle and abandoned, the id is free again (the partial response stays for its retention).
    expect(await markAbandonedDrafts(t.db, 0, new Date(Date.now() + 1000))).toBe(1);
    expect((await startAs('P-88')).responseId).not.toBe(won[0]!.responseId);
    // The digest, not the id, is what the response row holds.
    expect(await t.db.response.count({ where: { panelKey: 'P-88' } })).toBe(0);
  });

  it('the response cap: five completions at once, at most two completed', async () => {
    const s = await survey();
    await updateFieldworkAs(t.db, await admin(), s.id, { ...FIELDWORK, maxResponses: 2 }, TZ);
    const people = await Promise.all(Array.from({ length: 5 }, (_, i) => answered({ gender: i % 2 ? 'male' : 'female' })));
    const outcomes = await Promise.all(people.map((p) => complete(t.db, p.responseId)));
    expect(outcomes.filter((o) => o === 'completed')).toHaveLength(2);
    expect(await t.db.response.count({ where: { surveyId: s.id, status: 'completed' } })).toBe(2);
    // Their page says the survey has all it needs (not "people like you").
    const over = people[outcomes.indexOf('quota_full')]!;
    expect(await endingOf(t.db, over.responseId, PANEL_SURVEY_SLUG)).toMatchObject({ status: 'quota_full', capReached: true });
    // Full now: the early check says so to anyone still answering.
    expect(await fullAlready(t.db, await survey(), { gender: 'male' })).toEqual({ cap: 2 });
  });

  it('a full quota ends the survey as soon as the screening answer is given; an undecided one waits', async () => {
    await setLimit('Men', 1);
    expect(await complete(t.db, (await answered({ gender: 'male' })).responseId)).toBe('completed');
    const s = await survey();
    expect(await fullAlready(t.db, s, { gender: 'male' })).toMatchObject({ quota: { name: 'Men' } });
    expect(await fullAlready(t.db, s, { gender: 'female' })).toBeNull();
    // Not answered yet: no quota can be judged.
    expect(await fullAlready(t.db, s, {})).toBeNull();
  });

  it('screen-out: the step says so once the screening section is sent on, and a crafted completion is refused', async () => {
    const out = await answered({ gender: 'female', buys_coffee: 'no' });
    expect(out.first).toMatchObject({ kind: 'save', screenedOut: true, finishing: false });
    // Going back is not screening out (the respondent may change the answer).
    const s = await survey();
    const draft = (await findDraft(t.db, s.id, out.token))!;
    const form = new FormData();
    form.set('sectionId', s.sections[0]!.id);
    for (const [k, v] of Object.entries({ gender: 'female', age_band: '25_34', buys_coffee: 'no' })) form.append(k, v);
    expect(planSectionStep(s, draft, form, { kind: 'back' }, TODAY)).toMatchObject({ screenedOut: false });
    // A request that skips the screened-out ending and completes anyway: the completing transaction refuses it.
    expect(await complete(t.db, out.responseId)).toBe('screened_out');
    const row = await t.db.response.findUniqueOrThrow({ where: { id: out.responseId } });
    expect(row).toMatchObject({ status: 'screened_out', completedAt: null });
    // A resent post finds where it ended, by its token.
    expect(await findFinishedBy(t.db, s.id, out.token)).toEqual({ id: out.responseId, status: 'screened_out' });
  });

  it('P3.1 a screened-out or quota-full response is a partial response: deleted with the partial-response retention, the completed ones kept', async () => {
    const out = await answered({ gender: 'female', buys_coffee: 'no' });
    await endDraft(t.db, out.responseId, 'screened_out');
    const done = await answered({ gender: 'male' });
    expect(await complete(t.db, done.responseId)).toBe('completed');
    const later = new Date(Date.now() + 31 * 86_400_000);
    const counts = await purgeExpiredData(t.db, { now: later });
    expect(counts).toMatchObject({ abandonedDrafts: 1 });
    expect(await t.db.response.count({ where: { id: out.responseId } })).toBe(0);
    expect(await t.db.answer.count({ where: { responseId: out.responseId } })).toBe(0);
    expect(await t.db.response.count({ where: { id: done.responseId } })).toBe(1);
  });

  it('a quota added while the survey is live counts the completed responses it covers at once', async () => {
    for (const age of ['55_plus', '55_plus', '18_24']) expect(await complete(t.db, (await answered({ gender: 'female', age_band: age })).responseId)).toBe('completed');
    const s = await survey();
    await addQuotaAs(t.db, await admin(), s.id, { name: 'Over 55', condition: 'age_band = 55_plus', limit: 2 });
    const quota = (await survey()).quotas.find((q) => q.name === 'Over 55')!;
    expect(await t.db.quotaMember.count({ where: { quotaId: quota.id } })).toBe(2);
    // Full already: the next one over 55 ends "quota full".
    expect(await complete(t.db, (await answered({ gender: 'male', age_band: '55_plus' })).responseId)).toBe('quota_full');
    // Removed: it counts no more.
    await deleteQuotaAs(t.db, await admin(), s.id, quota.id);
    expect(await complete(t.db, (await answered({ gender: 'male', age_band: '55_plus' })).responseId)).toBe('completed');
  });

  it('the builder refuses a quota over a question the survey lacks, a bad limit, and anything on a closed survey', async () => {
    const s = await survey();
    const user = await admin();
    const codes = async (p: Promise<unknown>) => {
      const error = await p.then(() => null, (e: unknown) => e);
      return error instanceof z.ZodError ? error.issues.map((i) => i.message) : error;
    };
    expect(await codes(addQuotaAs(t.db, user, s.id, { name: 'x', condition: 'income > 3', limit: 5 }))).toEqual(['logic_unknown_key']);
    expect(await codes(addQuotaAs(t.db, user, s.id, { name: 'x', condition: 'gender = robot', limit: 5 }))).toEqual(['logic_value']);
    expect(await codes(addQuotaAs(t.db, user, s.id, { name: 'x', condition: '', limit: 5 }))).toEqual(['required']);
    expect(await codes(addQuotaAs(t.db, user, s.id, { name: 'x', condition: 'gender = female', limit: 0 }))).toEqual(['quota_limit']);
    // P5.5: another Client's analyst cannot see it.
    await expect(addQuotaAs(t.db, await userOf('analyst@demo-bakery.test'), s.id, { name: 'x', condition: 'gender = female', limit: 5 })).rejects.toThrow('forbidden');
    await closeSurveyAs(t.db, user, s.id);
    await expect(addQuotaAs(t.db, user, s.id, { name: 'x', condition: 'gender = female', limit: 5 })).rejects.toBeInstanceOf(SurveyClosedError);
  });

  it('panel return links: only staff-set https targets whose origin no value can change, filled URL-encoded from the response’s own hidden field', async () => {
    const s = await survey();
    const user = await admin();
    const settings = FIELDWORK;
    const refused = async (returnUrlComplete: string) => {
      const error = await updateFieldworkAs(t.db, user, s.id, { ...settings, returnUrlComplete }, TZ).then(() => null, (e: unknown) => e);
      return error instanceof z.ZodError ? error.issues[0]!.message : null;
    };
    expect(await refused('https://{{pid}}.panel.example/done')).toBe('return_url_origin');
    expect(await refused('https://panel.example{{pid}}/done')).toBe('return_url_origin');
    expect(await refused('http://panel.example/done?id={{pid}}')).toBe('return_url_scheme');
    expect(await refused('javascript:alert(1)//{{pid}}')).toBe('return_url_scheme');
    expect(await refused('https://panel.example/done?id={{email}}')).toBe('return_url_key');
    expect(await refused('https://user:pw@panel.example/done')).toBe('return_url_invalid');
    expect(await refused('https://panel.example/done?status=complete&id={{pid}}')).toBeNull();

    const r = await answered({ gender: 'female' }, 'P 7/8#y@x+1');
    expect(await complete(t.db, r.responseId)).toBe('completed');
    const ending = await endingOf(t.db, r.responseId, PANEL_SURVEY_SLUG);
    expect(ending?.returnTo).toBe('https://panel.example/done?status=complete&id=P%207%2F8%23y%40x%2B1');
    // No link for this ending, or no panel id: the site's own page.
    const out = await answered({ gender: 'male', buys_coffee: 'no' });
    await endDraft(t.db, out.responseId, 'screened_out');
    expect((await endingOf(t.db, out.responseId, PANEL_SURVEY_SLUG))?.returnTo).toBeNull();
    // Another survey's slug shows nothing of this response.
    expect(await endingOf(t.db, r.responseId, 'cafe-visit')).toBeNull();
  });

  it('schedule: times typed in the app’s time zone; the closing time after the opening', async () => {
    const s = await survey();
    const user = await admin();
    await updateFieldworkAs(t.db, user, s.id, { ...FIELDWORK, opensAt: '2026-12-05T09:00', closesAt: '2026-12-31T18:00', maxResponses: 200 }, TZ);
    expect((await survey()).schedule).toEqual({ opensAt: new Date('2026-12-05T05:00:00Z'), closesAt: new Date('2026-12-31T14:00:00Z'), maxResponses: 200 });
    const error = await updateFieldworkAs(t.db, user, s.id, { ...FIELDWORK, opensAt: '2026-12-31T18:00', closesAt: '2026-12-05T09:00' }, TZ).catch((e: unknown) => e);
    expect((error as z.ZodError).issues.map((i) => i.message)).toEqual(['schedule_order']);
    const audit = await t.db.auditEvent.count({ where: { action: 'survey.fieldwork_updated' } });
    expect(audit).toBe(1);
  });

  it('reports count every outcome and each quota; the export names each response’s outcome, partial ones only when asked', async () => {
    expect(await complete(t.db, (await answered({ gender: 'female' })).responseId)).toBe('completed');
    await endDraft(t.db, (await answered({ gender: 'male', buys_coffee: 'no' })).responseId, 'screened_out');
    await setLimit('Men', 1);
    expect(await complete(t.db, (await answered({ gender: 'male' })).responseId)).toBe('completed');
    expect(await complete(t.db, (await answered({ gender: 'male' })).responseId)).toBe('quota_full');
    const user = await admin();
    const s = await survey();
    const report = (await surveyReport(t.db, user, s.id))!;
    expect(report.outcomes).toMatchObject({ completed: 2, screened_out: 1, quota_full: 1 });
    expect(report.quotas.map((q) => [q.name, q.filled, q.limit])).toEqual([['Women', 1, 50], ['Men', 1, 1]]);

    const read = async (allOutcomes: boolean) => {
      const plan = (await planExport(t.db, user, s.id, { allOutcomes }))!;
      const text = await new Response(csvStream(plan)).text();
      const [header, ...rows] = text.replace(/^\uFEFF/, '').trim().split('\n');
      const column = header!.split(',').indexOf('outcome');
      return rows.map((r) => r.split(',')[column]).sort();
    };
    expect(await read(false)).toEqual(['complete', 'complete']);
    expect(await read(true)).toEqual(['complete', 'complete', 'quota_full', 'screened_out']);
  });
});
