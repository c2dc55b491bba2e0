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
  /** Stops listening, as a relay that is down; `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives: the peer of the email plugin. */
export const startSmtpSink = async (): Promise<SmtpSink> => {
  const mails: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  let delayMs = 0;
  let held: Promise<void> = Promise.resolve();

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then(async (mail) => {
            await held;
            if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
            mails.push(mail);
            for (const wake of waiters) wake();
            callback();
          })
          .catch(callback);
      },
    });
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
