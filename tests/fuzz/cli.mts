import { fuzzPublicSurface } from './fuzz';

/** `npx tsx tests/fuzz/cli.mts <baseURL> [runs] [seed]`: fuzzes a running app and prints what answered 5xx. */
const [baseURL = 'http://localhost:3000', runs = '500', seed] = process.argv.slice(2);
const report = await fuzzPublicSurface(baseURL, Number(runs), seed ? Number(seed) : undefined);
const kinds = new Map<string, number>();
for (const e of report.serverErrors) {
  const key = `${e.status} ${e.what.split(' ').slice(0, 3).join(' ')}`;
  kinds.set(key, (kinds.get(key) ?? 0) + 1);
}
console.log(JSON.stringify({ requests: report.requests, byStatus: report.byStatus, serverErrors: report.serverErrors.length }, null, 1));
for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(n, k);
for (const e of report.serverErrors.slice(0, 40)) console.log(e.status, e.what);
