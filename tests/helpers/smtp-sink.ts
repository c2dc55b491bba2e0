import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  readonly port: number;
  /** Every mail received so far, parsed. */
  readonly mails: ParsedMail[];
  /** SMTP_* variables that send Strapi's mail here. */
  env(): Record<string, string>;
  /** Resolves with the first mail (already received or arriving) that matches. */
  waitFor(match: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Makes the sink wait `ms` before accepting each message, as a slow relay does. */
  setDelay(ms: number): void;
  /** Holds every message unaccepted until the returned function is called, as a relay that hangs. */
  hold(): () => void;
  /**
   * Refuses recipients that match at RCPT TO with SMTP `code` (e.g. 450 for "try later", 550 for
   * "no such mailbox"), `times` times per address (forever when omitted), with `reply` after the code.
   */
  reject(match: (address: string) => boolean, code: number, times?: number, reply?: string): void;
  /** Forgets every `reject` rule. */
  clearRejections(): void;
  /** How many recipients were refused so far, by address. */
  readonly refused: Map<string, number>;
  /** Each parsed mail's source exactly as received, with its SMTP envelope. */
  sourceOf(mail: ParsedMail): { raw: Buffer; mailFrom: string; rcptTo: string[] };
  /** Message-IDs of every message accepted (also in `headersOnly` mode). */
  readonly messageIds: string[];
  /** Stops listening, as a relay that is down; `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface SinkOptions {
  /**
   * Keep only each message's Message-ID instead of parsing the whole mail: for benchmarks, where
   * the sink must not be the bottleneck.
   */
  headersOnly?: boolean;
}

const messageIdOf = (head: string) => /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '';

/** A real SMTP server on loopback that keeps what it receives: the peer of the email plugin. */
export const startSmtpSink = async (options: SinkOptions = {}): Promise<SmtpSink> => {
  const mails: ParsedMail[] = [];
  const sources = new WeakMap<ParsedMail, { raw: Buffer; mailFrom: string; rcptTo: string[] }>();
  const messageIds: string[] = [];
  const refused = new Map<string, number>();
  const rules: { match: (address: string) => boolean; code: number; times: number; reply?: string }[] = [];
  const waiters = new Set<() => void>();
  let delayMs = 0;
  let held: Promise<void> = Promise.resolve();

  const create = () => {
    const created = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: 0,
      onRcptTo(address, _session, callback) {
        const email = address.address.toLowerCase();
        const rule = rules.find((candidate) => candidate.match(email) && (refused.get(`${candidate.code}:${email}`) ?? 0) < candidate.times);
        if (!rule) return callback();
        refused.set(`${rule.code}:${email}`, (refused.get(`${rule.code}:${email}`) ?? 0) + 1);
        refused.set(email, (refused.get(email) ?? 0) + 1);
        const error = new Error(rule.reply ?? (rule.code >= 500 ? 'No such mailbox here' : 'Mailbox busy, try again later')) as Error & { responseCode: number };
        error.responseCode = rule.code;
        return callback(error);
      },
      onData(stream, session, callback) {
        if (options.headersOnly) {
          let head = '';
          stream.on('data', (chunk: Buffer) => {
            if (head.length < 8192 && !head.includes('\r\n\r\n')) head += chunk.toString('latin1');
          });
          stream.on('end', () => {
            void (async () => {
              await held;
              if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
              messageIds.push(messageIdOf(head));
              callback();
            })();
          });
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        new Promise<Buffer>((resolve, reject) => stream.on('end', () => resolve(Buffer.concat(chunks))).on('error', reject))
          .then(async (raw) => {
            const mail = await simpleParser(raw);
            await held;
            if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
            const { envelope } = session;
            sources.set(mail, {
              raw,
              mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
              rcptTo: envelope.rcptTo.map((rcpt) => rcpt.address),
            });
            mails.push(mail);
            messageIds.push(mail.messageId ? `<${mail.messageId.replace(/^<|>$/g, '')}>` : '');
            for (const wake of waiters) wake();
            callback();
          })
          .catch(callback);
      },
    });
    // Replies go out at once: with Nagle's algorithm, each small reply could wait on the
    // client's delayed ACK (40 ms), capping the sink near 50 messages a second.
    created.server.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
    // A client that dies mid-session (a killed sender) resets its connection: a relay shrugs.
    created.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
    });
    return created;
  };
  let server: SMTPServer | undefined = create();
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const stop = async () => {
    const running = server;
    server = undefined;
    if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
  };

  return {
    port,
    mails,
    sourceOf(mail: ParsedMail) {
      const source = sources.get(mail);
      if (!source) throw new Error('this mail did not come through the sink');
      return source;
    },
    messageIds,
    refused,
    reject(match, code, times = Number.POSITIVE_INFINITY, reply) {
      rules.push({ match, code, times, reply });
    },
    clearRejections() {
      rules.length = 0;
    },
    env: () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false' }),
    waitFor(match, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mails.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching mail within ${timeoutMs} ms (${mails.length} received)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    hold() {
      let release = () => {};
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        held = Promise.resolve();
        release();
      };
    },
    stop,
    async start() {
      if (server) return;
      server = create();
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    close: stop,
  };
};
