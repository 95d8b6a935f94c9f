import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const nextConfig: NextConfig = {
  // Native driver and Prisma's generated clients load their own files at run time.
  serverExternalPackages: ['better-sqlite3', 'pg', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg'],
  poweredByHeader: false,
  // forbidden(): a real 403 for staff pages a role may not open.
  experimental: { authInterrupts: true },
  // Route handlers and static files do not pass through the proxy: the same non-CSP headers here.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
      {
        // policy: P3.3 — every path but the embeddable comments page (src/proxy.ts EMBEDDABLE_PAGE).
        source: '/:path((?!(?:az|en)/comments/[^/]+/?$).*)',
        headers: [{ key: 'X-Frame-Options', value: 'DENY' }],
      },
    ];
  },
  turbopack: {
    // Prisma's generated clients look up files relative to process.cwd() at run time; the
    // whole-project tracing this warns about is harmless for a server started from the repo.
    ignoreIssue: [{ path: '**/src/generated/**', title: 'Dynamic filesystem access causes tracing of the whole project' }],
  },
};

export default createNextIntlPlugin()(nextConfig);
