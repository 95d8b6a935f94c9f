import { describe, expect, it } from 'vitest';
import { DEMO_SURVEY_SLUG } from '../../prisma/seed';
import type { StaffUserDTO } from '@/server/authz';
import { openResponseAs } from '@/features/responses/access';
import { csvStream, jsonStream, planExport } from '@/features/responses/export';
import { getResponseDetail, listResponses, surveyReport } from '@/features/responses/queries';
import { completeDraft, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { applyPublicationChoices, listPublishableComments } from '@/features/survey/publication';
import { getPublishedSurvey } from '@/features/survey/queries';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const text = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe.each(PROVIDERS)('response review on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const userOf = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });

  async function respond(nps: number, comment: string, publish = false) {
    const survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
    const { responseId } = await startDraft(t.db, survey.id, 'en');
    await saveSectionAnswers(t.db, responseId, survey.sections[0]!.questions, { branch: 'nizami', overall_rating: 4 }, 1);
    await saveSectionAnswers(t.db, responseId, survey.sections[1]!.questions, { recommend: nps, comment }, 2);
    await applyPublicationChoices(t.db, responseId, survey.sections[1]!.questions, { comment: publish });
    await completeDraft(t.db, responseId);
    return { surveyId: survey.id, responseId };
  }

  it('P5.5 the other Client’s analyst gets no list, no detail, no report and no export (IDOR)', async () => {
    const { surveyId, responseId } = await respond(9, 'Mine');
    const b = await userOf('analyst@demo-bakery.test');
    expect((await listResponses(t.db, b, { surveyId })).rows).toEqual([]);
    expect(await getResponseDetail(t.db, b, responseId)).toBeNull();
    expect(await surveyReport(t.db, b, surveyId)).toBeNull();
    expect(await planExport(t.db, b, surveyId)).toBeNull();
    const a = await userOf('analyst@demo-coffee.test');
    expect((await getResponseDetail(t.db, a, responseId))?.answers.length).toBe(4);
  });

  it('P6.1 opening a response is audited: who, which response, and no value; a refused one logs nothing', async () => {
    const comment = `secret-comment-${Date.now()}`;
    const { responseId } = await respond(7, comment);
    const a = await userOf('analyst@demo-coffee.test');
    const b = await userOf('analyst@demo-bakery.test');
    const before = await t.db.auditEvent.count();

    expect(await openResponseAs(t.db, b, responseId)).toBeNull();
    expect(await t.db.auditEvent.count()).toBe(before);

    expect((await openResponseAs(t.db, a, responseId))?.answers.length).toBe(4);
    const rows = await t.db.auditEvent.findMany({ where: { action: 'response.viewed' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: a.id, target: `response:${responseId}`, counts: null });
    expect(await t.db.auditEvent.count()).toBe(before + 1);
    expect(JSON.stringify(rows)).not.toMatch(/secret-comment|nizami/);
  });

  it('exports CSV with formula injection neutralised and JSON with the same rows', async () => {
    const { surveyId } = await respond(10, '=HYPERLINK("http://evil.example","win")');
    await respond(3, 'Plain comment');
    const plan = (await planExport(t.db, await userOf('analyst@demo-coffee.test'), surveyId))!;
    expect(plan.total).toBe(2);
    const csv = await text(csvStream(plan));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""win"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv.split('\n')[0]).toContain('response_id,locale,started_at,completed_at,branch,visit_purposes,overall_rating,recommend');
    const json = JSON.parse(await text(jsonStream((await planExport(t.db, await userOf('admin@sorgu.test'), surveyId))!)));
    expect(json).toHaveLength(2);
    expect(json.map((r: { recommend: number }) => r.recommend).sort()).toEqual([10, 3].sort());
  });

  it('P7.2 a respondent whose processing is restricted is left out of reports and exports', async () => {
    const { surveyId } = await respond(10, 'Keep me');
    const restricted = await respond(0, 'Restricted comment');
    const { respondentId } = await t.db.response.findUniqueOrThrow({ where: { id: restricted.responseId } });
    await t.db.respondent.update({ where: { id: respondentId }, data: { restrictedAt: new Date() } });
    const admin = await userOf('admin@sorgu.test');
    const report = (await surveyReport(t.db, admin, surveyId))!;
    expect(report.completed).toBe(1);
    expect(report.questions.find((q) => q.key === 'recommend')!.report).toMatchObject({ kind: 'nps', score: 100, answered: 1 });
    const csv = await text(csvStream((await planExport(t.db, admin, surveyId))!));
    expect(csv).not.toContain('Restricted comment');
    expect(csv).toContain('Keep me');
  });

  it('P3.2 reports aggregate completed responses per question', async () => {
    const { surveyId } = await respond(9, 'a');
    await respond(6, 'b');
    const report = (await surveyReport(t.db, await userOf('admin@sorgu.test'), surveyId))!;
    expect(report.completed).toBe(2);
    expect(report.questions.find((q) => q.key === 'overall_rating')!.report).toMatchObject({ kind: 'rating', mean: 4 });
    expect(report.questions.find((q) => q.key === 'branch')!.report).toMatchObject({ kind: 'choice', answered: 2 });
    expect(report.perDay.reduce((n, d) => n + d.count, 0)).toBe(2);
  });

  it('P5.8 an objection to sharing keeps the respondent’s comments from publication', async () => {
    const { surveyId, responseId } = await respond(9, 'Objector comment', true);
    expect((await listPublishableComments(t.db, { surveyId })).map((c) => c.text)).toEqual(['Objector comment']);
    const { respondentId } = await t.db.response.findUniqueOrThrow({ where: { id: responseId } });
    await t.db.respondent.update({ where: { id: respondentId }, data: { objectsToSharingAt: new Date() } });
    expect(await listPublishableComments(t.db, { surveyId })).toEqual([]);
  });
});
