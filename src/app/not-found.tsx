import fallback from '../../messages/fallback.json';

// Requests outside any locale that reach Next's 404 (the proxy sends page paths to a locale):
// the language is unknown, so both are shown.
export default function GlobalNotFound() {
  return (
    <html lang="az">
      <body>
        <main>
          {(['az', 'en'] as const).map((locale) => (
            <div key={locale} lang={locale}>
              <h1>{fallback[locale].notFoundTitle}</h1>
              <p>{fallback[locale].notFoundBody}</p>
              <p>
                <a href={`/${locale}`}>{fallback[locale].home}</a>
              </p>
            </div>
          ))}
        </main>
      </body>
    </html>
  );
}
