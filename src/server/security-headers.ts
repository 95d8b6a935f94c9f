/**
 * Security headers of every page. The Content-Security-Policy allows scripts only with the
 * request's nonce (Next adds it to its own scripts), no framing, forms only to this site — and to
 * the configured social sign-in providers, whose sign-in page a form's redirect leads to.
 * `frameable` is for the embeddable comments page alone (P3.3): a page with no form and no cookie,
 * which any site may frame. Pure: used by the proxy and tested directly.
 */
export type PageFraming = { formTargets?: string[]; frameable?: boolean };

export function contentSecurityPolicy(nonce: string, dev: boolean, { formTargets = [], frameable = false }: PageFraming = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React sets style attributes (the progress bar's width); no external styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(' '),
    `frame-ancestors ${frameable ? '*' : "'none'"}`,
  ].join('; ');
}

export function securityHeaders(csp: string, production: boolean, frameable = false): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    ...(frameable ? {} : { 'X-Frame-Options': 'DENY' }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // Location only for this site itself (P2.5: asked only after consent); nothing else.
    'Permissions-Policy': 'geolocation=(self), camera=(), microphone=(), payment=(), usb=()',
    ...(production ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}
