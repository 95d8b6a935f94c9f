'use client';

// Last resort when the locale layout itself fails: no messages are available, so both languages.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="az">
      <body>
        <main>
          <h1>Xəta baş verdi · Something went wrong</h1>
          <p>Bir azdan yenidən cəhd edin. · Please try again in a moment.</p>
          {error.digest ? <p>İstinad · Reference: {error.digest}</p> : null}
        </main>
      </body>
    </html>
  );
}
