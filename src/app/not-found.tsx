import az from '../../messages/az.json';
import en from '../../messages/en.json';

// Requests outside any locale that reach Next's 404 (the proxy sends page paths to a locale):
// the language is unknown, so both are shown.
export default function GlobalNotFound() {
  return (
    <html lang="az">
      <body>
        <main>
          <h1>{az.NotFound.title}</h1>
          <p>{az.NotFound.body}</p>
          <p><a href="/az">{az.NotFound.home}</a></p>
          <div lang="en">
            <h2>{en.NotFound.title}</h2>
            <p>{en.NotFound.body}</p>
            <p><a href="/en">{en.NotFound.home}</a></p>
          </div>
        </main>
      </body>
    </html>
  );
}
