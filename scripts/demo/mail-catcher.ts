import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  /** The file the message was written to (`<dir>/<n>.eml`). */
  file: string;
  subject: string;
  to: string[];
}

export interface MailCatcher {
  port: number;
  /** Mails caught since this catcher started (older ones are only files). */
  readonly caught: readonly CaughtMail[];
  stop(): Promise<void>;
}

/**
 * A local SMTP server for the demo on 127.0.0.1 (plain SMTP, no AUTH: nothing leaves the machine): every message is
 * written as `<dir>/<n>.eml` (numbering continues after the files already there) and reported to `onMail`.
 */
export async function startMailCatcher(options: {
  dir: string;
  port?: number;
  onMail?: (mail: CaughtMail) => void;
}): Promise<MailCatcher> {
  mkdirSync(options.dir, { recursive: true });
  let next =
    Math.max(
      0,
      ...readdirSync(options.dir).map((name) => (/^(\d+)\.eml$/.exec(name) ? Number(name.slice(0, -4)) : 0)),
    ) + 1;
  const caught: CaughtMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const file = path.join(options.dir, `${next++}.eml`);
        writeFileSync(file, raw);
        const mail: CaughtMail = {
          file,
          subject: subjectOf(raw.toString('utf8')),
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        caught.push(mail);
        options.onMail?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, caught, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The Subject header, unfolded, with RFC 2047 encoded words (B and Q) decoded. */
export function subjectOf(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n(?=[ \t])/g, '');
  const line = unfolded.split(/\r?\n/).find((l) => /^subject:/i.test(l));
  if (!line) return '(no subject)';
  return line
    .slice('subject:'.length)
    .trim()
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
