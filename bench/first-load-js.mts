/**
 * First-load JavaScript of a page: the gzip size of every script its HTML loads.
 * Usage: start the app (npm start), then `tsx bench/first-load-js.mts [url …]`.
 * Reported, not asserted: Next 16 no longer prints it at build time.
 */
import { gzipSync } from 'node:zlib';

const base = process.env.BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const urls = process.argv.slice(2).length ? process.argv.slice(2) : [`${base}/az/s/cafe-visit`, `${base}/en`];

for (const url of urls) {
  const html = await (await fetch(url)).text();
  // `noModule` scripts (Next's legacy polyfills) are never fetched by a modern browser.
  const scripts = [
    ...new Set(
      [...html.matchAll(/<script\b[^>]*>/g)]
        .map((m) => m[0])
        .filter((tag) => !/nomodule/i.test(tag))
        .flatMap((tag) => tag.match(/src="([^"]+)"/)?.[1] ?? []),
    ),
  ];
  let raw = 0;
  let gzip = 0;
  for (const src of scripts) {
    const body = Buffer.from(await (await fetch(new URL(src, url))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  const inline = [...html.matchAll(/<script(?![^>]+src=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('');
  console.log(
    `${url}\n  ${scripts.length} scripts: ${(raw / 1024).toFixed(1)} KiB raw, ${(gzip / 1024).toFixed(1)} KiB gzip` +
      ` · inline flight data ${(gzipSync(inline).length / 1024).toFixed(1)} KiB gzip`,
  );
}
