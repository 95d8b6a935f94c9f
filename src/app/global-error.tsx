'use client';

import az from '../../messages/az.json';
import en from '../../messages/en.json';

// Last resort when the locale layout itself fails: no locale is known, so both languages.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="az">
      <body>
        <main>
          <h1>{az.ErrorPage.title}</h1>
          <p>{az.ErrorPage.body}</p>
          {error.digest ? <p>{az.Errors.reference.replace('{id}', error.digest)}</p> : null}
          <div lang="en">
            <h2>{en.ErrorPage.title}</h2>
            <p>{en.ErrorPage.body}</p>
            {error.digest ? <p>{en.Errors.reference.replace('{id}', error.digest)}</p> : null}
          </div>
        </main>
      </body>
    </html>
  );
}
