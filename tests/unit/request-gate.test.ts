import { describe, expect, it } from 'vitest';
import { ACTION_BODY_LIMIT_BYTES, gateRequest } from '@/server/request-gate';

/**
 * Issue 10 — what Next.js answered with a 500 (found by tests/fuzz) is refused by the proxy's gate
 * with 400/403/413 and a localized page; a well-formed request passes untouched.
 */
const ACTION = '7f6deac63ede809c120a2c332a6071bc2baad8a8cb';
const BASE = 'http://localhost:3000';

function multipart(fields: [string, string][], boundary = 'XyZ'): string {
  return fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
}

const boundForm = (overrides: Record<string, string | undefined> = {}): [string, string][] => {
  const fields: Record<string, string | undefined> = {
    $ACTION_REF_1: '',
    '$ACTION_1:0': JSON.stringify({ id: ACTION, bound: '$@1' }),
    '$ACTION_1:1': '["cafe-visit","en"]',
    birth_date: '1990-04-30',
    ...overrides,
  };
  return Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
};

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : Buffer.from(body),
    headers: { host: 'localhost:3000', origin: BASE, 'content-type': 'multipart/form-data; boundary=XyZ', ...headers },
  });
}

async function answer(request: Request) {
  const response = await gateRequest(request);
  return response ? { status: response.status, text: await response.text() } : null;
}

describe('the request gate (issue 10: no 5xx for malformed input)', () => {
  it('lets a well-formed form post, a JavaScript action call and ordinary pages through', async () => {
    expect(await answer(post('/en/s/cafe-visit', multipart(boundForm())))).toBeNull();
    expect(await answer(post('/en/s/cafe-visit', '["cafe-visit","en"]', { 'next-action': ACTION, 'content-type': 'text/plain;charset=UTF-8' }))).toBeNull();
    // With JavaScript, a form action's arguments: the FormData (`$K1`, its fields `1_…`) and React's
    // own plain values and temporary references.
    const jsForm = multipart([['0', '["$K1",{"values":{"x":"$$5"},"at":"$undefined","ref":"$T"}]'], ['1_intent', 'next'], ['1_sectionId', 's1']]);
    expect(await answer(post('/en/s/cafe-visit', jsForm, { 'next-action': ACTION }))).toBeNull();
    expect(await answer(new Request(`${BASE}/az/s/cafe-visit`))).toBeNull();
    expect(await answer(new Request(`${BASE}/en/s/caf%C3%A9`))).toBeNull();
    // A route handler's parameter is decoded once: a literal "%" is its own business.
    expect(await answer(new Request(`${BASE}/api/my-data/download/%25`))).toBeNull();
    // State values escaped by React (`$$…`) are data, not references.
    expect(await answer(post('/en/my-data', multipart(boundForm({ '$ACTION_1:1': '["en",{"values":{"details":"$$100"}}]' }))))).toBeNull();
    // The state a form comes back with after an error, as React writes it (undefined, dates, big integers).
    const state = '["cafe-visit","en",{"fieldErrors":{"recommend":"required"},"requestId":"$undefined","at":"$D2026-12-02T10:00:00.000Z","n":"$n12"}]';
    expect(await answer(post('/en/s/cafe-visit', multipart(boundForm({ '$ACTION_1:1': state }))))).toBeNull();
  });

  it('answers a malformed % escape in the path with a localized 400, also under /api', async () => {
    for (const path of ['/en/s/%ff', '/api/my-data/download/%', '/api/surveys/%E0%A4%A/export', '/en/s/%25', '/en/my-data/verify/9q20R%25C', '/en/%25']) {
      const refused = await answer(new Request(`${BASE}${path}`));
      expect(refused?.status, path).toBe(400);
    }
    expect((await answer(new Request(`${BASE}/en/s/%ff`)))?.text).toContain('This request could not be read');
    expect((await answer(new Request(`${BASE}/az/s/%ff`)))?.text).toContain('Bu sorğu oxuna bilmədi');
  });

  it('answers a form from another origin (or a "null" or unreadable one) with 403, as Next’s own rule decides', async () => {
    for (const origin of ['https://evil.example', 'null', 'not a url']) {
      expect((await answer(post('/en/s/cafe-visit', multipart(boundForm()), { origin })))?.status, origin).toBe(403);
    }
    // Behind a proxy, X-Forwarded-Host is the host the browser saw.
    expect(await answer(post('/en/s/cafe-visit', multipart(boundForm()), { origin: 'https://sorgu.example', 'x-forwarded-host': 'sorgu.example' }))).toBeNull();
    // No Origin at all (a hand-made request) is Next's to judge, and it lets it through.
    const noOrigin = new Request(`${BASE}/en/s/cafe-visit`, { method: 'POST', body: multipart(boundForm()), headers: { host: 'localhost:3000', 'content-type': 'multipart/form-data; boundary=XyZ' } });
    expect(await answer(noOrigin)).toBeNull();
  });

  it('answers a body over the action limit with 413, declared or streamed', async () => {
    const big = 'x'.repeat(ACTION_BODY_LIMIT_BYTES + 10);
    expect((await answer(post('/en/my-data', multipart(boundForm({ details: big })))))?.status).toBe(413);
    const streamed = new Request(`${BASE}/en/my-data`, {
      method: 'POST',
      headers: { host: 'localhost:3000', origin: BASE, 'content-type': 'multipart/form-data; boundary=XyZ' },
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(multipart(boundForm({ details: big })))), c.close()) }),
      duplex: 'half',
    } as RequestInit);
    expect((await answer(streamed))?.status).toBe(413);
  });

  it('answers broken multipart bodies and malformed action fields with 400', async () => {
    const cases: [string, string | Uint8Array, Record<string, string>?][] = [
      ['cut multipart', multipart(boundForm()).slice(0, 60)],
      ['boundary that is not there', multipart(boundForm(), 'Other')],
      ['bound arguments missing', multipart(boundForm({ '$ACTION_1:1': undefined }))],
      ['bound arguments not JSON', multipart(boundForm({ '$ACTION_1:1': '../..' }))],
      ['bound arguments not an array', multipart(boundForm({ '$ACTION_1:1': '{"in":["a"]}' }))],
      ['a Flight reference in bound arguments', multipart(boundForm({ '$ACTION_1:1': '["$@7","en"]' }))],
      ['a Map reference in the state', multipart(boundForm({ '$ACTION_1:1': '["en",{"a":"$Q2"}]' }))],
      ['a big integer that is none', multipart(boundForm({ '$ACTION_1:1': '["en","$nope"]' }))],
      ['metadata not JSON', multipart(boundForm({ '$ACTION_1:0': '.MY,[O3' }))],
      ['metadata without an id', multipart(boundForm({ '$ACTION_1:0': '{"bound":"$@1"}' }))],
      ['metadata null', multipart(boundForm({ '$ACTION_1:0': 'null' }))],
      ['metadata missing', multipart(boundForm({ '$ACTION_1:0': undefined }))],
      ['an orphan part', multipart([...boundForm(), ['$ACTION_2:0', '{"in":["x"]}']])],
      ['a duplicated action field', multipart([...boundForm(), ['$ACTION_1:1', '["x"]']])],
      ['a bad action id header', '[]', { 'next-action': 'not-an-id', 'content-type': 'text/plain' }],
      ['a JavaScript call whose body is not JSON', '{"broken', { 'next-action': ACTION, 'content-type': 'text/plain;charset=UTF-8' }],
      // A Blob, chunk or Map reference to a part that is not there (React: "reading 'arrayBuffer'").
      ['a JavaScript call referencing a Blob', '["$B1","en"]', { 'next-action': ACTION, 'content-type': 'text/plain;charset=UTF-8' }],
      ['a JavaScript call referencing a chunk', '[{"a":"$@2"}]', { 'next-action': ACTION, 'content-type': 'text/plain;charset=UTF-8' }],
      ['a JavaScript form call referencing a Blob', multipart([['0', '["$K1","$B3"]'], ['1_intent', 'next']]), { 'next-action': ACTION }],
      ['a JavaScript form call without its arguments', multipart([['1_intent', 'next']]), { 'next-action': ACTION }],
      // Nested deeper than any form of ours: refused, never a stack overflow in the proxy.
      ['a JavaScript call nested a hundred thousand deep', '['.repeat(100_000) + ']'.repeat(100_000), { 'next-action': ACTION, 'content-type': 'text/plain;charset=UTF-8' }],
      ['bound arguments nested a hundred thousand deep', multipart(boundForm({ '$ACTION_1:1': '['.repeat(100_000) + ']'.repeat(100_000) }))],
    ];
    for (const [name, body, headers] of cases) expect((await answer(post('/en/s/cafe-visit', body, headers)))?.status, name).toBe(400);
  });
});
