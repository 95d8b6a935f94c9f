import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SURVEY_SLUG } from '../../prisma/seed';
import type { StaffUserDTO } from '@/server/authz';
import { EVERYTHING_GRANTED, NOTHING_GRANTED, type ConsentChoice } from '@/features/consent/categories';
import { collectForSection, collectFraudSignal, collectUsage, recordLocation, recordSessionEvent, type ConsentContext } from '@/features/consent/collect';
import { currentConsentState, findConsent, recordConsent } from '@/features/consent/records';
import { linkConsentToDrafts } from '@/features/consent/subjects';
import type { RequestFacts } from '@/features/consent/usage-facts';
import { eraseSubjectAs, exportSubjectAs, findSubjectAs, viewSubjectAs, withdrawConsentAs } from '@/features/dpo/commands';
import { sameBrowserLeads } from '@/features/dpo/subject';
import { downloadExport, verifyRequest } from '@/features/my-data/self-service';
import { completeDraft, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import { dumpAllRows, PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { seedFullSubject } from '../helpers/subjects';

/**
 * Who a browser's consent belongs to (README: "One browser, several people"). The server actions
 * read cookies, so these tests play a browser's part with the same feature functions the actions
 * call: a `Browser` is its consent cookie and its resume cookie.
 */
const facts: RequestFacts = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0.0.0', acceptLanguage: 'en-GB', referrer: null, countryHeader: null };
const traits = JSON.stringify({ screen: '1280x800', colorDepth: 24, pixelRatio: 1, hardwareConcurrency: 4, platform: 'Linux x86_64', timezoneOffset: -240, touchPoints: 0, webdriver: false, languages: ['en-GB'] });
const lookup = async () => null;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const NOTHING_STORED = { usage: null, fraud: null, location: null, session: null };

type Browser = { consentId?: string; draft?: { responseId: string; token: string } };

describe.each(PROVIDERS)('consent subjects on %s', (provider) => {
  const t = useSeededDatabase(provider);
  let survey: SurveyDTO;
  beforeEach(async () => {
    survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
  });
  const dpo = (): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });

  /** What the collectors get in a request carrying this consent id (getRequestConsent). */
  async function consentOf(consentId: string | undefined): Promise<ConsentContext> {
    const state = await currentConsentState(t.db, consentId);
    return { consent: state.consent, mustCover: state.mustCover };
  }

  async function collectEverything(ctx: ConsentContext, responseId: string | null = null) {
    return {
      usage: await collectUsage(t.db, ctx, { responseId, facts, hints: { hint_timeZone: 'Asia/Baku' }, lookup }),
      fraud: await collectFraudSignal(t.db, ctx, { responseId, hints: { fraud_traits: traits }, userAgent: facts.userAgent }),
      location: await recordLocation(t.db, ctx, { responseId, latitude: 40.41, longitude: 49.86, accuracyMeters: 30 }),
      session: await recordSessionEvent(t.db, ctx, { path: '/s/replayed', clicks: 1, maxScrollPercent: 10, durationMs: 500 }),
    };
  }

  /** The banner or the cookies page (saveConsent): a new record in the browser's chain. */
  async function choose(browser: Browser, choice: ConsentChoice, method: 'accept_all' | 'reject_all' | 'custom' = 'accept_all') {
    const record = await recordConsent(t.db, { previousConsentId: browser.consentId, choice, method, locale: 'en' });
    browser.consentId = record.id;
    return record;
  }

  /** "Start" (startSurvey): a browser key that already belongs to a respondent is not handed on; the browser forgets the choice instead. */
  async function start(browser: Browser) {
    const { consent } = await consentOf(browser.consentId);
    const started = await startDraft(t.db, survey.id, 'en', new Date(), consent?.subjectKey);
    if (consent && (started as { consentSubjectKey?: string | null }).consentSubjectKey !== consent.subjectKey) browser.consentId = undefined;
    browser.draft = { responseId: started.responseId, token: started.token };
    return started.responseId;
  }

  /** A section submitted (submitSection): answers saved, then what the browser's consent allows collected for the response. */
  async function submit(browser: Browser, section: number, values: Record<string, string | number>) {
    const responseId = browser.draft!.responseId;
    await saveSectionAnswers(t.db, responseId, survey.sections[section]!.questions, values, section + 1);
    await collectForSection(t.db, await consentOf(browser.consentId), { responseId, facts, hints: { fraud_traits: traits }, lookup });
  }

  async function finish(browser: Browser, email: string) {
    await submit(browser, 2, { email });
    await completeDraft(t.db, browser.draft!.responseId);
    browser.draft = undefined;
  }

  /** A page seen with session analytics (the beacon of /api/session-events). */
  async function browse(browser: Browser, path: string) {
    return recordSessionEvent(t.db, await consentOf(browser.consentId), { path, clicks: 2, maxScrollPercent: 40, durationMs: 2000 });
  }

  /** A self-service request verified by its link (the mail itself is another test's business). */
  async function verifiedRequest(email: string) {
    const token = randomBytes(32).toString('base64url');
    await t.db.subjectVerification.create({ data: { tokenHash: sha256(token), email, type: 'access', locale: 'en', expiresAt: new Date(Date.now() + 3_600_000) } });
    const outcome = await verifyRequest(t.db, token);
    if (outcome.status !== 'registered') throw new Error(`verification ${outcome.status}`);
    return t.db.dataSubjectRequest.findUniqueOrThrow({ where: { id: outcome.requestId } });
  }

  /** The zip a download link of this request gives, as one text. */
  async function selfServiceExport(requestId: string) {
    const token = randomBytes(32).toString('base64url');
    await t.db.exportLink.create({ data: { requestId, tokenHash: sha256(token), expiresAt: new Date(Date.now() + 86_400_000) } });
    const got = await downloadExport(t.db, token);
    if (got.status !== 'ok') throw new Error(`download ${got.status}`);
    return Object.values(unzipSync(got.zip.bytes)).map((f) => strFromU8(f)).join('\n');
  }

  const zipText = (zip: { bytes: Uint8Array }) => Object.values(unzipSync(zip.bytes)).map((f) => strFromU8(f)).join('\n');
  const respondentOf = async (responseId: string) => (await t.db.response.findUniqueOrThrow({ where: { id: responseId }, select: { respondent: true } })).respondent;

  it('P7.2 a verified self-service export holds only the respondents whose own address matches, never one met through a shared browser', async () => {
    // Data from before keys were rotated: two people who used one browser share its key.
    const alice = await seedFullSubject(t.db, 'alice');
    const bob = await seedFullSubject(t.db, 'bob', { subjectKey: alice.subjectKey });
    const request = await verifiedRequest(alice.email);
    expect(request.respondentIds).toEqual([alice.respondentId]);

    const zip = await selfServiceExport(request.id);
    expect(zip).toContain(alice.email);
    expect(zip).toContain('Comment by alice');
    expect(zip).toContain('host-alice.example');
    for (const value of [bob.email, bob.phone, 'Comment by bob', 'host-bob.example', 'fp-bob', '?bob', bob.respondentId, bob.responseId, bob.consentId]) {
      expect(zip, value).not.toContain(value);
    }
  });

  it('P7.2 the DPO sees a same-browser respondent as an unverified lead, never merged into the export or the erasure', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const bob = await seedFullSubject(t.db, 'bob', { subjectKey: alice.subjectKey });
    const user = await dpo();
    for (const [kind, value] of [['email', alice.email], ['phone', alice.phone], ['response', alice.responseId], ['respondent', alice.respondentId]] as const) {
      // The shared browser belongs to neither of them alone: its consent history is nobody's export.
      expect(await findSubjectAs(t.db, user, { kind, value }), kind).toEqual({ respondentIds: [alice.respondentId], consentSubjectKeys: [] });
    }
    // Bob is a lead the DPO may follow up, marked as such; and the other way round.
    expect(await sameBrowserLeads(t.db, await findSubjectAs(t.db, user, { kind: 'email', value: alice.email }))).toEqual([expect.objectContaining({ respondentId: bob.respondentId })]);
    expect(await sameBrowserLeads(t.db, await findSubjectAs(t.db, user, { kind: 'email', value: bob.email }))).toEqual([expect.objectContaining({ respondentId: alice.respondentId })]);
    // Searched by the consent id it quotes, the browser is a subject of its own, with both as leads.
    const browser = await findSubjectAs(t.db, user, { kind: 'consent', value: alice.consentId });
    expect(browser).toEqual({ respondentIds: [], consentSubjectKeys: [alice.subjectKey] });
    expect((await sameBrowserLeads(t.db, browser)).map((l) => l.respondentId).sort()).toEqual([alice.respondentId, bob.respondentId].sort());

    const zip = zipText(await exportSubjectAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: alice.email })));
    expect(zip).toContain('host-alice.example'); // collected for her own response
    for (const value of [bob.email, 'Comment by bob', 'host-bob.example', '?bob', '?alice', bob.consentId]) expect(zip, value).not.toContain(value);

    // Erasing Alice takes everything that may be hers — the shared browser's consent records and
    // every row they allowed — and nothing that is certainly Bob's.
    await eraseSubjectAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: alice.email }));
    const all = await dumpAllRows(t.db, provider);
    for (const value of alice.values) expect(all, value).not.toContain(value);
    for (const value of [bob.email, 'Comment by bob', bob.respondentId, bob.responseId]) expect(all, value).toContain(value);
    expect(await t.db.consentRecord.count({ where: { subjectKey: alice.subjectKey } })).toBe(0);
  });

  it('P4.2 P7.2 a new respondent in a browser that already has one gets no key of theirs; each person’s rows stay their own', async () => {
    const kiosk: Browser = {};
    const annaConsent = await choose(kiosk, EVERYTHING_GRANTED);
    await start(kiosk);
    await browse(kiosk, '/s/cafe-visit?anna');
    await submit(kiosk, 0, { branch: 'nizami', overall_rating: 5 });
    await finish(kiosk, 'anna@example.az');

    // Bora sits down at the same kiosk: Anna's key is not handed on, the banner asks again.
    const boraResponse = await start(kiosk);
    expect((await respondentOf(boraResponse)).consentSubjectKey).not.toBe(annaConsent.subjectKey);
    expect(kiosk.consentId).toBeUndefined();
    expect(await collectEverything(await consentOf(annaConsent.id), boraResponse)).toMatchObject({ usage: null, fraud: null, location: null });
    const boraConsent = await choose(kiosk, { ...NOTHING_GRANTED, usage: true, sessionAnalytics: true }, 'custom');
    expect(boraConsent.subjectKey).not.toBe(annaConsent.subjectKey);
    await browse(kiosk, '/s/cafe-visit?bora');
    await submit(kiosk, 0, { branch: 'port_baku', overall_rating: 2 });
    await finish(kiosk, 'bora@example.az');

    const user = await dpo();
    const anna = await findSubjectAs(t.db, user, { kind: 'email', value: 'anna@example.az' });
    const bora = await findSubjectAs(t.db, user, { kind: 'email', value: 'bora@example.az' });
    expect(anna.consentSubjectKeys).toEqual([annaConsent.subjectKey]);
    expect(bora.consentSubjectKeys).toEqual([boraConsent.subjectKey]);
    expect(anna.respondentIds.filter((id) => bora.respondentIds.includes(id))).toEqual([]);

    const annaZip = zipText(await exportSubjectAs(t.db, user, anna));
    const boraZip = zipText(await exportSubjectAs(t.db, user, bora));
    for (const value of ['anna@example.az', '?anna', annaConsent.id]) {
      expect(annaZip, value).toContain(value);
      expect(boraZip, value).not.toContain(value);
    }
    for (const value of ['bora@example.az', '?bora', boraConsent.id]) {
      expect(boraZip, value).toContain(value);
      expect(annaZip, value).not.toContain(value);
    }

    // Anna's erasure leaves Bora whole; her old cookie grants nothing any more, Bora's still does.
    await eraseSubjectAs(t.db, user, anna);
    const all = await dumpAllRows(t.db, provider);
    for (const value of ['anna@example.az', '?anna', annaConsent.id, annaConsent.subjectKey]) expect(all, value).not.toContain(value);
    for (const value of ['bora@example.az', '?bora', boraConsent.id]) expect(all, value).toContain(value);
    expect((await consentOf(annaConsent.id)).consent).toBeNull();
    expect((await browse({ consentId: boraConsent.id }, '/cookies'))?.consentRecordId).toBe(boraConsent.id);
  });

  it('P4.2 P1.2 a replayed consent id collects under the latest choice of its browser only', async () => {
    const tab: Browser = {};
    const accepted = await choose(tab, EVERYTHING_GRANTED);
    await choose(tab, NOTHING_GRANTED, 'reject_all');
    // The old id, as another tab or a replayed cookie sends it — and the old record itself.
    expect(await collectEverything(await consentOf(accepted.id))).toEqual(NOTHING_STORED);
    expect(await collectEverything({ consent: await findConsent(t.db, accepted.id), mustCover: 1 })).toEqual(NOTHING_STORED);
    for (const table of [t.db.usageMetadata, t.db.fraudSignal, t.db.locationFix, t.db.sessionEvent] as unknown as { count(): Promise<number> }[]) {
      expect(await table.count()).toBe(0);
    }

    // The other way round: an old refusal replayed after accepting collects under the acceptance.
    const other: Browser = {};
    const refused = await choose(other, NOTHING_GRANTED, 'reject_all');
    const acceptedLater = await choose(other, EVERYTHING_GRANTED);
    const rows = await collectEverything(await consentOf(refused.id));
    for (const row of Object.values(rows)) expect(row?.consentRecordId).toBe(acceptedLater.id);
  });

  it('P4.2 P1.2 P7.2 after the DPO withdraws consent, no browser of the subject collects, whatever cookie it replays', async () => {
    const phone: Browser = {};
    const laptop: Browser = {};
    const responses: string[] = [];
    for (const browser of [phone, laptop]) {
      await choose(browser, EVERYTHING_GRANTED);
      responses.push(await start(browser));
      await submit(browser, 0, { branch: 'nizami', overall_rating: 4 });
      await finish(browser, 'dana@example.az');
    }
    const oldIds = [phone.consentId!, laptop.consentId!];
    const user = await dpo();
    const subject = await findSubjectAs(t.db, user, { kind: 'email', value: 'dana@example.az' });
    expect(subject.consentSubjectKeys).toHaveLength(2);
    await withdrawConsentAs(t.db, user, subject);

    for (const [i, consentId] of oldIds.entries()) {
      expect(await collectEverything(await consentOf(consentId), responses[i]!)).toEqual(NOTHING_STORED);
      expect(await collectEverything({ consent: await findConsent(t.db, consentId), mustCover: 1 }, null)).toEqual(NOTHING_STORED);
      // The browser shows the withdrawal as its choice: nothing granted.
      expect((await currentConsentState(t.db, consentId)).consent).toMatchObject({ method: 'dpo_withdrawal', usage: false, fraud: false, sessionAnalytics: false, location: false });
    }
    expect(await t.db.usageMetadata.count()).toBe(0);
    expect(await t.db.sessionEvent.count()).toBe(0);
  });

  it('P4.2 P7.2 a choice granting nothing, made in the middle of a survey, joins the respondent when the next section is sent (nothing collected)', async () => {
    const browser: Browser = {};
    const responseId = await start(browser);
    await submit(browser, 0, { branch: 'nizami', overall_rating: 3 });
    // "Reject all" on page 2, recorded without the draft link (a choice racing the start).
    const rejected = await choose(browser, NOTHING_GRANTED, 'reject_all');
    expect((await respondentOf(responseId)).consentSubjectKey).toBeNull();
    await submit(browser, 1, { recommend: 8 });
    expect((await respondentOf(responseId)).consentSubjectKey).toBe(rejected.subjectKey);
    expect(await t.db.usageMetadata.count()).toBe(0);
    expect(await t.db.fraudSignal.count()).toBe(0);
  });

  it('P4.2 P7.2 consent given in the middle of a survey is the respondent’s: subject view, export and erasure follow it', async () => {
    const browser: Browser = {};
    // The banner is ignored; the survey starts and page 1 is sent under no consent.
    const responseId = await start(browser);
    await submit(browser, 0, { branch: 'nizami', overall_rating: 3 });
    expect(await t.db.usageMetadata.count()).toBe(0);
    // "Accept all" on page 2.
    const accepted = await choose(browser, EVERYTHING_GRANTED);
    await browse(browser, '/s/cafe-visit?page-two');
    await submit(browser, 1, { recommend: 8 });
    await finish(browser, 'emil@example.az');
    expect((await respondentOf(responseId)).consentSubjectKey).toBe(accepted.subjectKey);

    const user = await dpo();
    const subject = await findSubjectAs(t.db, user, { kind: 'email', value: 'emil@example.az' });
    expect(subject.consentSubjectKeys).toEqual([accepted.subjectKey]);
    const view = await viewSubjectAs(t.db, user, subject);
    expect(view.consents.map((c) => c.id)).toEqual([accepted.id]);
    const cited = [...view.categories.usage!, ...view.categories.fraud!].map((i) => i.ref.consentId);
    expect(cited.length).toBeGreaterThanOrEqual(3);
    expect(new Set(cited)).toEqual(new Set([accepted.id]));
    expect(view.categories.usage!.map((i) => i.ref.table).sort()).toEqual(['SessionEvent', 'UsageMetadata']);

    const files = unzipSync((await exportSubjectAs(t.db, user, subject)).bytes);
    expect(strFromU8(files['consents.csv']!)).toContain(accepted.id);
    expect(strFromU8(files['usage.csv']!)).toContain('?page-two');

    await eraseSubjectAs(t.db, user, subject);
    const all = await dumpAllRows(t.db, provider);
    for (const value of ['emil@example.az', '?page-two', accepted.subjectKey]) expect(all, value).not.toContain(value);
    expect(await t.db.consentRecord.count({ where: { id: accepted.id } })).toBe(0);
    // The browser's cookie now names nothing: no consent, the banner asks again, nothing is collected.
    const after = await currentConsentState(t.db, accepted.id);
    expect([after.consent, after.current]).toEqual([null, false]);
    expect(await collectEverything(await consentOf(accepted.id))).toEqual(NOTHING_STORED);
  });

  it('P4.2 a choice made while the browser holds drafts joins the draft of the page it was made on, one respondent only', async () => {
    const browser: Browser = {};
    const first = await start(browser);
    const firstDraft = browser.draft!;
    const other = (await getPublishedSurvey(t.db, 'cafe-visit'))!; // the same survey stands in for a second one
    const second = await startDraft(t.db, other.id, 'en');
    const accepted = await choose(browser, EVERYTHING_GRANTED);
    // A token that opens nothing, or opens a draft under another survey's name, links nobody.
    expect(await linkConsentToDrafts(t.db, accepted.subjectKey, [{ slug: 'other-survey', token: firstDraft.token }, { slug: DEMO_SURVEY_SLUG, token: 'x'.repeat(43) }], DEMO_SURVEY_SLUG)).toBeNull();
    const drafts = [{ slug: DEMO_SURVEY_SLUG, token: firstDraft.token }, { slug: DEMO_SURVEY_SLUG, token: second.token }];
    expect(await linkConsentToDrafts(t.db, accepted.subjectKey, drafts, DEMO_SURVEY_SLUG)).toBe((await respondentOf(second.responseId)).id);
    expect((await respondentOf(first)).consentSubjectKey).toBeNull();
    // Once held, the chain joins nobody else, and the other draft collects nothing under it.
    expect(await linkConsentToDrafts(t.db, accepted.subjectKey, drafts, DEMO_SURVEY_SLUG)).toBeNull();
    expect(await collectEverything(await consentOf(accepted.id), first)).toMatchObject({ usage: null, fraud: null, location: null });
    expect((await collectEverything(await consentOf(accepted.id), second.responseId)).usage?.consentRecordId).toBe(accepted.id);
  });

  it('P7.2 older data: the migration gives consent given mid-survey to its respondent, unless another holds it', async () => {
    const policy = await t.db.policyVersion.findFirstOrThrow();
    const consent = (subjectKey: string) => t.db.consentRecord.create({ data: { subjectKey, policyVersionId: policy.id, ...EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' } });
    const [late, taken] = [await consent('key-late'), await consent('key-taken')];
    // As the old code left them: respondents without a chain, rows of their responses citing one.
    const unlinked = await startDraft(t.db, survey.id, 'en');
    const other = await startDraft(t.db, survey.id, 'en');
    await t.db.respondent.create({ data: { consentSubjectKey: 'key-taken' } });
    await t.db.usageMetadata.create({ data: { consentRecordId: late.id, subjectKey: 'key-late', responseId: unlinked.responseId } });
    await t.db.fraudSignal.create({ data: { consentRecordId: taken.id, subjectKey: 'key-taken', responseId: other.responseId, fingerprint: 'fp', traits: {} } });

    const sql = readFileSync(path.join('prisma', provider, 'migrations', '20261202141000_link_mid_survey_consent', 'migration.sql'), 'utf8');
    await t.db.$executeRawUnsafe(sql);
    expect((await respondentOf(unlinked.responseId)).consentSubjectKey).toBe('key-late');
    expect((await respondentOf(other.responseId)).consentSubjectKey).toBeNull();
  });

  it('P7.2 erasure and export follow every row citing the subject’s consents, whatever key it was filed under', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    // A row citing Alice's consent record but filed under another key (an older collector's slip).
    await t.db.sessionEvent.create({ data: { consentRecordId: alice.consentId, subjectKey: 'key-elsewhere', path: '/s/cafe-visit?stray', clicks: 1, maxScrollPercent: 5, durationMs: 10 } });
    const user = await dpo();
    const subject = await findSubjectAs(t.db, user, { kind: 'email', value: alice.email });
    expect(zipText(await exportSubjectAs(t.db, user, subject))).toContain('?stray');
    await eraseSubjectAs(t.db, user, subject);
    const all = await dumpAllRows(t.db, provider);
    for (const value of [...alice.values, '?stray']) expect(all, value).not.toContain(value);
  });
});
