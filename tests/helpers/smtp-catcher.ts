/**
 * A real SMTP server for tests (the `smtp-server` package of the nodemailer project): the app
 * sends mail to it through SMTP_URL exactly as it would to a production mail server, and tests
 * read what arrived. Used in-process by the integration tests, and as a separate process by the
 * browser tests (tests/e2e/smtp-catcher.ts writes each message to a directory as JSON).
 */
import { SMTPServer } from 'smtp-server';

export type CaughtMail = { to: string[]; from: string; subject: string; text: string; receivedAt: string };

export type SmtpCatcher = {
  /** smtp://127.0.0.1:<port> — what SMTP_URL points at. */
  url: string;
  port: number;
  /** Every message received so far, oldest first. */
  messages: CaughtMail[];
  /** The newest message to `to` (exact address, case-insensitive), if any. */
  lastTo(to: string): CaughtMail | undefined;
  clear(): void;
  close(): Promise<void>;
};

export async function startSmtpCatcher(options: { port?: number; host?: string; onMail?: (mail: CaughtMail) => void } = {}): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on the loopback: no STARTTLS (no certificate to trust), no AUTH.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        try {
          const parsed = parseMessage(Buffer.concat(chunks).toString('latin1'));
          const mail: CaughtMail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject,
            text: parsed.text,
            receivedAt: new Date().toISOString(),
          };
          // Stored before the server answers 250: once the sender's sendMail resolves, it is here.
          messages.push(mail);
          options.onMail?.(mail);
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port!;
  return {
    url: `smtp://${host}:${port}`,
    port,
    messages,
    lastTo: (to) => [...messages].reverse().find((m) => m.to.includes(to.toLowerCase())),
    clear: () => void messages.splice(0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Just enough MIME for the plain-text mail the app sends: headers, encoded words, QP/base64 bodies. */
export function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  let body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name: string) => head.match(new RegExp(`^${name}:\\s*(.*)$`, 'im'))?.[1]?.trim() ?? '';
  const type = header('Content-Type');
  if (/^multipart\//i.test(type)) {
    // The text/plain part of a multipart message (nodemailer sends single-part text today).
    const boundary = type.match(/boundary="?([^";]+)"?/i)?.[1];
    const part = boundary ? body.split(`--${boundary}`).find((p) => /content-type:\s*text\/plain/i.test(p)) : undefined;
    if (part) return { subject: decodeWords(header('Subject')), text: parseMessage(part.replace(/^\r?\n/, '')).text };
  }
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(body);
  else if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else bytes = Buffer.from(body, 'latin1');
  body = bytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
  return { subject: decodeWords(header('Subject')), text: body };
}

function decodeQuotedPrintable(s: string): Buffer {
  const soft = s.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      out.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(soft.charCodeAt(i) & 0xff);
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=); whitespace between two of them is dropped. */
function decodeWords(s: string): string {
  return s
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      (kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' '))).toString('utf8'),
    );
}
