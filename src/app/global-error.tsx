'use client';

import fallback from '../../messages/fallback.json';

// Last resort when the locale layout itself fails: no locale is known, so both languages.
// It ships in every page's bundle, hence the small messages/fallback.json, not the full catalogues.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="az">
      <body>
        <main>
          {(['az', 'en'] as const).map((locale) => (
            <div key={locale} lang={locale}>
              <h1>{fallback[locale].title}</h1>
              <p>{fallback[locale].body}</p>
              {error.digest ? <p>{fallback[locale].reference.replace('{id}', error.digest)}</p> : null}
            </div>
          ))}
        </main>
      </body>
    </html>
  );
}
