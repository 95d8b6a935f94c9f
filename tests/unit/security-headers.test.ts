import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '@/server/security-headers';

describe('security headers', () => {
  it('allows scripts only with the request nonce, no framing, forms only to this site', () => {
    const csp = contentSecurityPolicy('abc123', false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });
  it('P3.5 lets forms lead to the configured social sign-in providers, and nowhere else', () => {
    const csp = contentSecurityPolicy('abc123', false, { formTargets: ['https://accounts.example.com', 'http://127.0.0.1:3109'] });
    expect(csp).toContain("form-action 'self' https://accounts.example.com http://127.0.0.1:3109;");
  });
  it('sends HSTS in production only, and always a strict referrer policy', () => {
    expect(securityHeaders('x', true)['Strict-Transport-Security']).toMatch(/max-age=\d+/);
    expect(securityHeaders('x', false)['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders('x', false)).toMatchObject({ 'Referrer-Policy': 'strict-origin-when-cross-origin', 'X-Frame-Options': 'DENY' });
  });
  it('P3.3 only the embeddable comments page may be framed, by any site, and still posts nowhere', () => {
    const csp = contentSecurityPolicy('abc123', false, { frameable: true });
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("form-action 'self';");
    expect(securityHeaders(csp, true, true)['X-Frame-Options']).toBeUndefined();
    expect(securityHeaders(csp, true)['X-Frame-Options']).toBe('DENY');
  });
});
