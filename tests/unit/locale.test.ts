import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import proxy from '@/proxy';

function visit(path: string, acceptLanguage?: string) {
  const headers = new Headers();
  if (acceptLanguage) headers.set('accept-language', acceptLanguage);
  return proxy(new NextRequest(`http://localhost${path}`, { headers }));
}

function redirectedTo(response: Response) {
  expect(response.status).toBe(307);
  return new URL(response.headers.get('location')!, 'http://localhost').pathname;
}

describe('locale negotiation (proxy)', () => {
  it('sends / to az by default', async () => {
    expect(redirectedTo(await visit('/'))).toBe('/az');
  });
  it('sends / to en when the browser prefers English', async () => {
    expect(redirectedTo(await visit('/', 'en-GB,en;q=0.9'))).toBe('/en');
  });
  it('prefers az when the browser ranks Azerbaijani first', async () => {
    expect(redirectedTo(await visit('/', 'az-AZ,az;q=0.9,en;q=0.8'))).toBe('/az');
  });
  it('falls back to az for a language it does not offer', async () => {
    expect(redirectedTo(await visit('/', 'fr-FR,fr;q=0.9'))).toBe('/az');
  });
  it('keeps the path when adding the locale', async () => {
    expect(redirectedTo(await visit('/s/cafe-visit', 'en'))).toBe('/en/s/cafe-visit');
  });
  it('leaves a localized path alone, whatever the browser prefers', async () => {
    const response = await visit('/en/s/cafe-visit', 'az');
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
  });
  it('P9.1 negotiating the locale sets no cookie', async () => {
    expect((await visit('/', 'en')).headers.get('set-cookie')).toBeNull();
    expect((await visit('/az/s/cafe-visit')).headers.get('set-cookie')).toBeNull();
  });
});
