// Requests outside any locale that reach Next's 404 (the proxy sends page paths to a locale).
export default function GlobalNotFound() {
  return (
    <html lang="az">
      <body>
        <main>
          <h1>Səhifə tapılmadı · Page not found</h1>
          <p>
            <a href="/az">Azərbaycanca</a> · <a href="/en">English</a>
          </p>
        </main>
      </body>
    </html>
  );
}
