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
