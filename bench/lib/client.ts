/**
 * A small HTTP client for load generation: node:http over keep-alive sockets (cheaper per request
 * than fetch — the load generator shares the machine's two cores with the server it measures), a
 * cookie jar per virtual user, and latency recorded per kind of request.
 */
import http from 'node:http';

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 10_000 });

/** `localAddress`: the loopback address (127.x.y.z) this client connects from, so that a test can be many clients. */
export function request(url: URL, method: string, headers: Record<string, string>, body?: Buffer | string, { timeoutMs = 30_000, localAddress }: { timeoutMs?: number; localAddress?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent, timeout: timeoutMs, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** One browser: its cookies (name → value), kept as a browser keeps them for one host. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(headers: http.IncomingHttpHeaders) {
    for (const line of headers['set-cookie'] ?? []) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Latencies (ms) and statuses per kind of request; percentiles when the run ends. */
export class Recorder {
  readonly kinds = new Map<string, { latencies: number[]; statuses: Record<string, number>; errors: number }>();
  measuring = true;

  record(kind: string, startedAt: number, status: number | 'error') {
    if (!this.measuring) return;
    const entry = this.kinds.get(kind) ?? { latencies: [], statuses: {}, errors: 0 };
    this.kinds.set(kind, entry);
    if (status === 'error') entry.errors++;
    else {
      entry.latencies.push(performance.now() - startedAt);
      entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
    }
  }

  summary(seconds: number) {
    const out: Record<string, { requests: number; perSecond: number; p50: number; p99: number; max: number; statuses: Record<string, number>; errors: number }> = {};
    for (const [kind, { latencies, statuses, errors }] of this.kinds) {
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
      out[kind] = { requests: sorted.length, perSecond: round(sorted.length / seconds), p50: round(at(0.5)), p99: round(at(0.99)), max: round(at(1)), statuses, errors };
    }
    return out;
  }
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function multipart(fields: [string, string][], boundary = `----sorgubench${Math.random().toString(36).slice(2)}`) {
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The machine's load average and the CPU time this process and its children used (for RESULTS.md). */
export async function loadAverage(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}
