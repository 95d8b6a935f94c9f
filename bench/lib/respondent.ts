/**
 * Virtual respondents of the demo survey (cafe-visit), as real browsers send their requests:
 * - without JavaScript: the page's forms posted as the browser posts them (multipart with React's
 *   `$ACTION_…` fields, read from the HTML), the 303, the next page's GET;
 * - with JavaScript: the server-action calls a real Chromium made once (captured by
 *   captureJsFlow), replayed with each respondent's own cookies, start key and answers.
 * Every respondent answers the cookie banner first (accept all or reject all, alternating).
 */
import { randomBytes } from 'node:crypto';
import { chromium } from '@playwright/test';
import { formsOf, type FoundForm } from '../../tests/fuzz/forms';
import { CookieJar, multipart, request, type Answer, type Recorder } from './client';

export const SLUG = 'cafe-visit';

export type Consent = 'accept' | 'reject';

/** A request a browser with JavaScript made: replayed with other cookies and values. */
export type CapturedCall = { label: string; method: string; path: string; headers: Record<string, string>; entries: [string, string][] | null; text: string | null };

/** Values of the demo survey's sections, as a respondent fills them in (section 3 carries a marker). */
export const SECTION_VALUES = [
  { branch: 'port_baku', visit_purposes: 'coffee', overall_rating: '4' },
  { recommend: '9', liked_most: 'Friendly staff', comment: 'Thanks' },
  { email: 'x@example.az', phone: '+994501234567', gender: 'female', birth_date: '1990-04-30', postal_code: 'AZ1000' },
] as const;

export const markerEmail = (user: number, seq: number) => `b${user}n${seq}@bench.example`;

export class Respondent {
  readonly jar = new CookieJar();
  sectionForms: FoundForm[] = [];

  constructor(
    readonly base: URL,
    readonly recorder: Recorder,
    readonly id: number,
    readonly consent: Consent,
    /** The address this respondent connects from (a client of its own in per-address rate limits). */
    readonly localAddress?: string,
  ) {}

  /** Headers sent with every request besides the browser's own (a test forging X-Forwarded-For). */
  alsoSend: Record<string, string> = {};

  private headers(extra: Record<string, string> = {}) {
    const cookie = this.jar.header();
    return { origin: this.base.origin, accept: 'text/html', ...(cookie ? { cookie } : {}), ...this.alsoSend, ...extra };
  }

  async send(kind: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<Answer> {
    const started = performance.now();
    try {
      const answer = await request(new URL(path, this.base), method, this.headers(headers), body, { localAddress: this.localAddress });
      this.jar.take(answer.headers);
      this.recorder.record(kind, started, answer.status);
      return answer;
    } catch (error) {
      this.recorder.record(kind, started, 'error');
      throw error;
    }
  }

  async getForms(kind: string, path: string): Promise<FoundForm[]> {
    const answer = await this.send(kind, 'GET', path, {});
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status}`);
    return formsOf(answer.body, new URL(path, this.base).toString());
  }

  async postForm(kind: string, form: FoundForm, values: Record<string, string>): Promise<Answer> {
    const fields = form.fields.map(([k, v]) => [k, values[k] ?? v] as [string, string]);
    const { body, contentType } = multipart(fields);
    return this.send(kind, 'POST', new URL(form.url).pathname, { 'content-type': contentType }, body);
  }

  /** Without JavaScript: consent, start, sections 1 and 2; resolves on section 3's page (its form kept). */
  async reachLastSection(locale = 'en') {
    const page = `/${locale}/s/${SLUG}`;
    let forms = await this.getForms('page', page);
    const banner = forms.find((f) => f.fields.some(([k]) => k === 'method'));
    if (banner) {
      const answer = await this.postForm('consent', banner, { method: this.consent === 'accept' ? 'accept_all' : 'reject_all' });
      expectStatus(answer, 303, 'consent');
      forms = await this.getForms('page', page);
    }
    const start = forms.find((f) => f.fields.some(([k]) => k === 'startKey'));
    if (!start) throw new Error('no start form');
    expectStatus(await this.postForm('start', start, { birth_date: '1990-04-30' }), 303, 'start');
    for (let i = 0; i < 3; i++) {
      const form = (await this.getForms('page', page)).find((f) => f.fields.some(([k]) => k === 'sectionId'));
      if (!form) throw new Error(`no form for section ${i + 1}`);
      this.sectionForms[i] = form;
      if (i === 2) return;
      expectStatus(await this.postForm('section', form, { ...SECTION_VALUES[i], intent: 'next' }), 303, `section ${i + 1}`);
    }
  }

  /**
   * Section 3 (five answers) posted again without leaving it (intent: the same language), as a
   * browser without JavaScript does: the validated write of five answers the bare server is
   * compared with. Resolves to whether the server acknowledged it (303 to the survey page).
   */
  async submitLastSection(seq: number): Promise<boolean> {
    const answer = await this.postForm('section', this.sectionForms[2]!, { ...SECTION_VALUES[2], email: markerEmail(this.id, seq), intent: 'locale:en' });
    return answer.status === 303;
  }

  /** The whole survey without JavaScript, from the first GET to the done page. */
  async completeWithoutJs(): Promise<boolean> {
    this.jar.cookies.clear();
    await this.reachLastSection();
    const finish = await this.postForm('section', this.sectionForms[2]!, { ...SECTION_VALUES[2], email: markerEmail(this.id, 0), intent: 'finish' });
    expectStatus(finish, 303, 'finish');
    const done = await this.send('done', 'GET', String(finish.headers.location), {});
    return done.status === 200;
  }

  /** A server-action call a browser with JavaScript made, with this respondent's cookies and values. */
  async replay(call: CapturedCall, values: Record<string, string>): Promise<Answer> {
    const headers = { ...call.headers };
    let body: Buffer | string | undefined;
    if (call.entries) {
      // React names the FormData's fields `_1_<name>` (its `$K1` reference in part 0, which comes last).
      const prefix = /^_?\d+_/.exec(call.entries.find(([k]) => /^_?\d+_/.test(k))?.[0] ?? '')?.[0] ?? '_1_';
      const fields = call.entries.map(([k, v]) => [k, k.startsWith(prefix) ? (values[k.slice(prefix.length)] ?? v) : v] as [string, string]);
      const present = new Set(call.entries.map(([k]) => k));
      // Values of fields the captured call did not carry (a radio nobody checked) are added, as a browser would.
      const added = Object.entries(values).filter(([name]) => !present.has(prefix + name)).map(([name, v]) => [prefix + name, v] as [string, string]);
      const root = fields.findIndex(([k]) => k === '0');
      fields.splice(root === -1 ? fields.length : root, 0, ...added);
      const encoded = multipart(fields);
      headers['content-type'] = encoded.contentType;
      body = encoded.body;
    } else body = call.text ?? undefined;
    return this.send(`${call.label} (js)`, call.method, call.path, headers, body);
  }

  /** The whole survey with JavaScript: the first page's HTML, then the calls Chromium made. */
  async completeWithJs(calls: CapturedCall[]): Promise<boolean> {
    this.jar.cookies.clear();
    const first = await this.send('page', 'GET', `/en/s/${SLUG}`, {});
    if (first.status !== 200) return false;
    let ok = true;
    for (const call of calls) {
      // The session beacon goes only where consent allows session analytics (accept all).
      if (call.path === '/api/session-events' && this.consent === 'reject') continue;
      const values: Record<string, string> =
        call.label === 'start' ? { startKey: randomBytes(32).toString('base64url') } : call.label === 'consent' ? { method: this.consent === 'accept' ? 'accept_all' : 'reject_all' } : call.label === 'section 3' ? { ...SECTION_VALUES[2], email: markerEmail(this.id, 0) } : {};
      const answer = await this.replay(call, values);
      ok &&= answer.status < 400;
    }
    return ok;
  }
}

function expectStatus(answer: Answer, status: number, what: string) {
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${answer.body.slice(0, 200)}`);
}

/**
 * Chromium takes the survey once with JavaScript (accept all, start, three sections, Finish); every
 * request it makes to the app that is not a static file is kept, labelled, for replay.
 */
export async function captureJsFlow(base: URL): Promise<CapturedCall[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const calls: CapturedCall[] = [];
  let label = 'consent';
  try {
    const page = await browser.newPage();
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin !== base.origin || url.pathname.startsWith('/_next/static') || req.method() !== 'POST') return;
      const headers = Object.fromEntries(Object.entries(req.headers()).filter(([k]) => /^(next-action|next-router-state-tree|accept|content-type)$/i.test(k)));
      const contentType = headers['content-type'] ?? '';
      const raw = req.postDataBuffer();
      // A beacon's body is not visible to Playwright: one like SessionAnalytics sends.
      const text = raw ? raw.toString('utf8') : url.pathname === '/api/session-events' ? JSON.stringify({ path: `/en/s/${SLUG}`, clicks: 3, maxScrollPercent: 60, durationMs: 12_000 }) : null;
      calls.push({ label: url.pathname === '/api/session-events' ? 'beacon' : label, method: req.method(), path: url.pathname + url.search, headers, entries: null, text });
      if (raw && contentType.startsWith('multipart/form-data')) {
        const call = calls[calls.length - 1]!;
        void new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData().then((form) => {
          call.entries = [...form.entries()].map(([k, v]) => [k, String(v)]);
        });
      }
    });
    await page.goto(new URL(`/en/s/${SLUG}`, base).toString());
    await page.getByTestId('consent-banner').locator('button[value="accept_all"]').click();
    await page.getByTestId('consent-banner').waitFor({ state: 'detached' });
    label = 'start';
    await page.locator('#age-gate-birth-date').fill('1990-04-30');
    await page.locator('form:has(input[name="startKey"]) button[type="submit"]').click();
    await page.locator('input[name="overall_rating"][value="4"]').waitFor();
    label = 'section 1';
    const branch = page.locator('input[name="branch"][value="port_baku"]');
    if (await branch.count()) await branch.check();
    else await page.locator('select[name="branch"]').selectOption('port_baku');
    await page.locator('input[name="visit_purposes"][value="coffee"]').check();
    await page.locator('input[name="overall_rating"][value="4"]').check();
    await page.locator('button[name="intent"][value="next"]').click();
    await page.locator('input[name="liked_most"]').waitFor();
    label = 'section 2';
    await page.locator('input[name="recommend"][value="9"]').check();
    await page.locator('input[name="liked_most"]').fill('Friendly staff');
    await page.locator('button[name="intent"][value="next"]').click();
    await page.locator('input[name="postal_code"]').waitFor();
    label = 'section 3';
    await page.locator('input[name="email"]').fill('x@example.az');
    await page.locator('button[name="intent"][value="finish"]').click();
    await page.waitForURL(/\/done$/);
  } finally {
    await browser.close();
  }
  if (calls.length < 5) throw new Error(`captured ${calls.length} calls, expected consent, start and three sections`);
  return calls;
}
