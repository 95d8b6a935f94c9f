import { describe, expect, it } from 'vitest';
import { isSameOrigin } from '@/server/origin';

const request = (headers: Record<string, string>) => new Request('http://localhost:3000/api/x', { method: 'POST', headers });

describe('Origin check of state-changing route handlers', () => {
  it('accepts a request from this site only', () => {
    expect(isSameOrigin(request({ origin: 'http://localhost:3000', host: 'localhost:3000' }))).toBe(true);
    expect(isSameOrigin(request({ origin: 'https://evil.example', host: 'localhost:3000' }))).toBe(false);
    expect(isSameOrigin(request({ host: 'localhost:3000' }))).toBe(false);
    expect(isSameOrigin(request({ origin: 'null', host: 'localhost:3000' }))).toBe(false);
  });
});

describe('a refused button returns to its own page, never elsewhere', () => {
  it('keeps only the path of a referrer, and falls back when there is none', async () => {
    const { refusedLocation } = await import('@/lib/safe-path');
    expect(refusedLocation('http://localhost:3000/en/admin/surveys/abc/edit', '/en', 'not_a_draft')).toBe('/en/admin/surveys/abc/edit?refused=not_a_draft');
    expect(refusedLocation('https://evil.example//evil.example/x', '/en', 'x')).toBe('/en?refused=x');
    expect(refusedLocation('https://evil.example/en/dpo', '/en', 'a b')).toBe('/en/dpo?refused=a%20b');
    expect(refusedLocation(null, '/az', 'x')).toBe('/az?refused=x');
    expect(refusedLocation('not a url', '/az', 'x')).toBe('/az?refused=x');
  });
});
