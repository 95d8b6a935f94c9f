import fc from 'fast-check';
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test';
import { formsOf, type FoundForm } from './forms';

/**
 * Issue 10 — a fuzzer for every public form and route handler, over real HTTP against the built
 * app. It reads the forms a browser without JavaScript would see (server actions included: their
 * `$ACTION_…` fields are plain hidden inputs), then sends fast-check-generated mutations of them —
 * strange strings (NUL, CR/LF, lone surrogates, `%ff`, cookie separators, megabytes), forged bound
 * arguments (`[123,"en"]`, filter objects), missing, duplicated and unknown fields, broken
 * multipart bodies, foreign origins — and malformed paths and bodies to every route handler.
 * The goal is an answer below 500 for every one of them.
 */
export type FuzzReport = { requests: number; serverErrors: { status: number; what: string }[]; byStatus: Record<number, number>; forms: string[]; draftsOpened: number; sectionsSaved: number };

export const SLUG = 'cafe-visit';
/** The fieldwork demo: its start form carries the link's hidden fields (issue 13). */
const FIELDWORK_SLUG = 'order-feedback';
/** The panel study: a screen-out, quotas and a panel id from the link (issue 13, part 3). */
const PANEL_SLUG = 'coffee-habits';
const LOCALES = ['en', 'az'] as const;

/** Strings that have broken servers before, and fast-check's own. */
const nasty = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', 'a\r\nb', 'x;y=z', 'ə', '%ff', '%', '%%', '../..', '<script>', "' OR 1=1 --", '\ud800', '😀', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', '{"in":["x"]}'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer().map(String),
  fc.constantFrom(50_000, 200_000).map((n) => 'x'.repeat(n)),
);

const forgedBound = fc.oneof(
  fc.constantFrom('[123,"en"]', '[{"in":["a","b"]}]', '[]', '[null]', 'not json', '{"id":1}', '[[1,2],{"a":1}]', '"$@1"', '["en","en","en","en"]'),
  fc.json({ maxDepth: 3 }),
);

/** A value the field itself offers (another radio, checkbox or option), by index. */
type OwnChoice = { own: number };

type Mutation =
  | { kind: 'value'; field: number; value: string | OwnChoice }
  | { kind: 'drop'; field: number }
  | { kind: 'duplicate'; field: number; value: string }
  | { kind: 'extra'; name: string; value: string };

const mutation = (fieldCount: number): fc.Arbitrary<Mutation> => {
  const field = fc.nat({ max: Math.max(0, fieldCount - 1) });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('value' as const), field, value: nasty }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('value' as const), field, value: fc.record({ own: fc.nat() }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('value' as const), field, value: forgedBound }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), field }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), field, value: nasty }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), name: fc.oneof(fc.constantFrom('$ACTION_1:1', '$ACTION_2:0', '$ACTION_REF_2', '$ACTION_KEY', 'answers', 'respondentId'), fc.string({ maxLength: 12 })), value: fc.oneof(nasty, forgedBound) }) },
  );
};

/**
 * How a submission travels: as a browser without JavaScript posts it (multipart, urlencoded), as
 * React posts a server action with JavaScript (`Next-Action` header, the arguments as a multipart
 * reply or a JSON array), or broken on the way.
 */
type Encoding = 'multipart' | 'urlencoded' | 'broken-multipart' | 'json' | 'foreign-origin' | 'js-action-multipart' | 'js-action-json';
const encoding = fc.oneof(
  { weight: 10, arbitrary: fc.constant<Encoding>('multipart') },
  { weight: 2, arbitrary: fc.constant<Encoding>('urlencoded') },
  { weight: 1, arbitrary: fc.constant<Encoding>('broken-multipart') },
  { weight: 1, arbitrary: fc.constant<Encoding>('json') },
  { weight: 1, arbitrary: fc.constant<Encoding>('foreign-origin') },
  { weight: 3, arbitrary: fc.constant<Encoding>('js-action-multipart') },
  { weight: 2, arbitrary: fc.constant<Encoding>('js-action-json') },
);

/**
 * The server action a form posts to: `$ACTION_ID_<id>` for an action without bound arguments,
 * else the `$ACTION_n:0` part `{"id": …, "bound": …}` — what React's client sends as `Next-Action`.
 */
export function actionIdOf(fields: [string, string][]): string | null {
  for (const [name, value] of fields) {
    if (name.startsWith('$ACTION_ID_')) return name.slice('$ACTION_ID_'.length);
    if (/^\$ACTION_\d+:0$/.test(name)) {
      try {
        const id = (JSON.parse(value) as { id?: unknown }).id;
        if (typeof id === 'string') return id;
      } catch {}
    }
  }
  return null;
}

/** React's reply for a form action called with JavaScript: `0` holds the arguments, `1_…` the FormData. */
function jsActionReply(fields: [string, string][]): [string, string][] {
  const own = fields.filter(([name]) => !name.startsWith('$ACTION'));
  return [['0', '["$K1"]'], ...own.map(([name, value]) => [`1_${name}`, value] as [string, string])];
}

function applyMutations(form: FoundForm, mutations: Mutation[]): [string, string][] {
  let out = form.fields.map(([k, v]) => [k, v] as [string, string]);
  for (const m of mutations) {
    if (m.kind === 'extra') out.push([m.name, m.value]);
    else if (out.length === 0) continue;
    else if (m.kind === 'value') {
      const target = out[m.field % out.length]!;
      if (typeof m.value === 'string') target[1] = m.value;
      else if (form.choices[target[0]]?.length) target[1] = form.choices[target[0]]![m.value.own % form.choices[target[0]]!.length]!;
    }
    else if (m.kind === 'duplicate') out.push([out[m.field % out.length]![0], m.value]);
    else out = out.filter((_, i) => i !== m.field % out.length);
  }
  return out;
}

function multipartBody(fields: [string, string][], boundary: string): Buffer {
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${value}\r\n`);
  return Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8');
}

/** Sends one submission of a form, encoded one way or another; resolves to the status and where it led. */
async function submit(ctx: APIRequestContext, form: FoundForm, fields: [string, string][], how: Encoding, baseURL: string): Promise<{ status: number; to: string }> {
  const origin = new URL(baseURL).origin;
  const headers: Record<string, string> = { origin: how === 'foreign-origin' ? 'https://evil.example' : origin, accept: 'text/html' };
  const boundary = `----sorgufuzz${Math.random().toString(36).slice(2)}`;
  let data: Buffer | string;
  if (how === 'urlencoded') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    // (URLSearchParams, not encodeURIComponent: a lone surrogate becomes U+FFFD as a browser sends it.)
    data = new URLSearchParams(fields).toString();
  } else if (how === 'broken-multipart') {
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    data = multipartBody(fields, boundary).subarray(0, Math.floor(Math.random() * 200));
  } else if (how === 'json') {
    headers['content-type'] = 'application/json';
    data = JSON.stringify(Object.fromEntries(fields)).slice(0, 1 + Math.floor(Math.random() * 400));
  } else if (how === 'js-action-multipart' || how === 'js-action-json') {
    // The real action id of the form (or, mutated away, whatever the fields say).
    headers['next-action'] = actionIdOf(form.fields) ?? actionIdOf(fields) ?? '0'.repeat(42);
    headers.accept = 'text/x-component';
    if (how === 'js-action-json') {
      headers['content-type'] = 'text/plain;charset=UTF-8';
      data = JSON.stringify(fields.map(([, value]) => value));
    } else {
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      data = multipartBody(jsActionReply(fields), boundary);
    }
  } else {
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    data = multipartBody(fields, boundary);
  }
  let response: APIResponse;
  if (form.method === 'GET') {
    const url = new URL(form.url);
    for (const [k, v] of fields) url.searchParams.append(k, v);
    response = await ctx.get(url.toString(), { headers, maxRedirects: 0, failOnStatusCode: false });
  } else response = await ctx.post(form.url, { headers, data, maxRedirects: 0, failOnStatusCode: false });
  // Where an action sent the browser: a Location without JavaScript, x-action-redirect with it.
  const to = response.headers()['location'] ?? response.headers()['x-action-redirect'] ?? '';
  return { status: response.status(), to };
}

/** A redirect that means the respondent's draft is gone (stopped, finished, under age). */
const endsDraft = (to: string) => /\/s\/[^/]+\/(done|ended|stopped|too-young)/.test(to);

/** The first choice of every choice field and the given values: a page's form as a respondent fills it. */
function filledIn(form: FoundForm, values: Record<string, string>): [string, string][] {
  return form.fields.map(([k, v]) => [k, values[k] ?? form.choices[k]?.[0] ?? v] as [string, string]);
}

/**
 * Starts the survey as a browser would (an adult birth date) and answers each section up to the
 * last (not finished: the draft stays open), so that every section's form is accepted. Resolves
 * to the section forms met on the way.
 */
async function openDraft(ctx: APIRequestContext, baseURL: string): Promise<FoundForm[]> {
  const surveyUrl = new URL(`/en/s/${SLUG}`, baseURL).toString();
  const read = async () => formsOf(await (await ctx.get(surveyUrl, { failOnStatusCode: false })).text(), surveyUrl);
  const start = (await read()).find((f) => f.fields.some(([name]) => name === 'birth_date'));
  if (!start) return [];
  await submit(ctx, start, filledIn(start, { birth_date: '1990-04-30' }), 'multipart', baseURL);
  const sections: FoundForm[] = [];
  const seen = new Set<string>();
  for (let section = 0; section < 5; section++) {
    const form = (await read()).find((f) => f.fields.some(([name]) => name === 'sectionId'));
    const sectionId = form?.fields.find(([name]) => name === 'sectionId')?.[1];
    if (!form || !sectionId || seen.has(sectionId)) break;
    seen.add(sectionId);
    sections.push(form);
    if (form.fields.some(([name, value]) => name === 'intent' && value === 'finish')) break;
    await submit(ctx, form, filledIn(form, { intent: 'next', birth_date: '1990-04-30', email: 'fuzz@example.az', phone: '+994501234567', postal_code: 'AZ1000' }), 'multipart', baseURL);
  }
  return sections;
}

/**
 * The public pages whose forms are fuzzed; the survey's section forms are reached by starting it
 * and answering each section; `extraPages` adds pages only a mail leads to (a verification link).
 */
async function harvestForms(ctx: APIRequestContext, baseURL: string, extraPages: string[] = []): Promise<FoundForm[]> {
  const forms: FoundForm[] = [];
  const read = async (path: string) => {
    const url = new URL(path, baseURL).toString();
    const response = await ctx.get(url, { failOnStatusCode: false });
    forms.push(...formsOf(await response.text(), url));
  };
  for (const locale of LOCALES) {
    for (const path of ['', '/cookies', '/privacy', '/my-data', '/support', '/login', `/s/${SLUG}`, `/s/${SLUG}/stop`, `/s/${FIELDWORK_SLUG}?store=baku-28&src=sms`, `/s/${PANEL_SLUG}?pid=P-1`, `/s/${PANEL_SLUG}/ended`, `/invitations/${'x'.repeat(43)}/opt-out`]) await read(`/${locale}${path}`);
  }
  forms.push(...(await openDraft(ctx, baseURL)));
  for (const path of extraPages) await read(path);
  return forms.filter((f) => f.fields.length > 0);
}

/** Paths and bodies for the route handlers and dynamic segments. */
const segment = fc.oneof(
  fc.constantFrom('%ff', '%', '%00', '..%2f..%2f', 'x'.repeat(43), 'a%0d%0ab', '%E0%A4%A', '%c3%28', 'ə', '\u0000'),
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.string({ maxLength: 60 }),
);

const routeRequest = fc.oneof(
  fc.record({ method: fc.constant('GET' as const), path: fc.tuple(fc.constantFrom(...LOCALES), segment).map(([l, s]) => `/${l}/s/${s}`) }),
  fc.record({ method: fc.constant('GET' as const), path: fc.tuple(fc.constantFrom(...LOCALES), segment, fc.constantFrom('done', 'ended', 'stop', 'stopped', 'too-young')).map(([l, s, p]) => `/${l}/s/${s}/${p}`) }),
  fc.record({ method: fc.constant('GET' as const), path: segment.map((s) => `/api/my-data/download/${s}`) }),
  fc.record({ method: fc.constant('GET' as const), path: fc.tuple(fc.constantFrom(...LOCALES), segment).map(([l, s]) => `/${l}/comments/${s}`) }),
  fc.record({ method: fc.constant('GET' as const), path: fc.tuple(segment, segment).map(([s, n]) => `/api/feed?survey=${s}&limit=${n}`) }),
  fc.record({ method: fc.constant('GET' as const), path: fc.tuple(fc.constantFrom(...LOCALES), fc.constantFrom('verify', 'download'), segment).map(([l, k, s]) => `/${l}/my-data/${k}/${s}`) }),
  fc.record({ method: fc.constant('GET' as const), path: segment.map((s) => `/api/surveys/${s}/export`) }),
  fc.record({ method: fc.constant('GET' as const), path: fc.tuple(segment, segment).map(([a, b]) => `/api/dpo/subjects/${a}/${b}/export`) }),
  fc.record({ method: fc.constant('GET' as const), path: fc.tuple(segment, segment).map(([a, b]) => `/${a}/${b}`) }),
  fc.record({
    method: fc.constant('POST' as const),
    path: fc.constant('/api/session-events'),
    body: fc.oneof(fc.json(), nasty, fc.constantFrom('{"path":"/en","clicks":1,"maxScrollPercent":5,"durationMs":10}', '{"path":"/en","clicks":1e400}')),
  }),
);

/** Runs `runs` mutated form submissions and `runs / 2` route requests. */
export async function fuzzPublicSurface(baseURL: string, runs: number, seed = Date.now(), extraPages: string[] = []): Promise<FuzzReport> {
  const report: FuzzReport = { requests: 0, serverErrors: [], byStatus: {}, forms: [], draftsOpened: 0, sectionsSaved: 0 };
  const note = (status: number, what: () => string) => {
    report.requests++;
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
    if (status >= 500) report.serverErrors.push({ status, what: what().slice(0, 400) });
  };
  const ctx = await playwrightRequest.newContext({ baseURL });
  try {
    const forms = await harvestForms(ctx, baseURL, extraPages);
    if (forms.length < 8) throw new Error(`the fuzzer found only ${forms.length} forms: the pages changed?`);
    // Which forms were fuzzed: a page (a section) the harvest no longer reaches shows here.
    report.forms = forms.map((f) => `${f.page}${f.fields.some(([n]) => n === 'sectionId') ? `#${f.fields.find(([n]) => n === 'sectionId')![1]}` : ''}`);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: forms.length - 1 }).chain((i) => fc.tuple(fc.constant(forms[i]!), fc.array(mutation(forms[i]!.fields.length), { minLength: 0, maxLength: 4 }), encoding)), async ([form, mutations, how]) => {
        const fields = applyMutations(form, mutations);
        const { status, to } = await submit(ctx, form, fields, how, baseURL);
        note(status, () => `${form.method} ${form.page} (${how}) ${JSON.stringify(fields.map(([k, v]) => [k, v.length > 80 ? `${v.slice(0, 40)}…(${v.length})` : v]))}`);
        if (form.fields.some(([name]) => name === 'sectionId') && status === 303 && new RegExp(`/s/${SLUG}$`).test(to)) report.sectionsSaved++;
        // A submission that stopped, finished or refused the draft: a new one, so that the section
        // forms keep reaching the code that stores answers (not only "session expired").
        if (endsDraft(to)) {
          report.draftsOpened++;
          await openDraft(ctx, baseURL);
        }
      }),
      { numRuns: runs, seed, endOnFailure: false, interruptAfterTimeLimit: 20 * 60_000 },
    );
    await fc.assert(
      fc.asyncProperty(routeRequest, async (r) => {
        const url = `${baseURL}${r.path}`;
        let status: number;
        try {
          const response =
            r.method === 'GET'
              ? await ctx.get(url, { maxRedirects: 0, failOnStatusCode: false })
              : await ctx.post(url, { data: 'body' in r ? r.body : '', headers: { origin: new URL(baseURL).origin, 'content-type': 'application/json' }, maxRedirects: 0, failOnStatusCode: false });
          status = response.status();
        } catch (error) {
          // A path the HTTP client itself refuses to send (invalid URL) is not a server answer.
          if (/Invalid URL|invalid url/i.test(String(error))) return;
          throw error;
        }
        note(status, () => `${r.method} ${r.path}`);
      }),
      { numRuns: Math.ceil(runs / 2), seed },
    );
  } finally {
    await ctx.dispose();
  }
  return report;
}
