import { createVerifiedAccount, recipient } from '../helpers/accounts';
import { resetRateLimits, startApp, type TestApp } from '../helpers/app';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Does the answer time of forgot-password tell which addresses have accounts? With a relay that
 * takes 300 ms to accept each message, time 30 calls for a real account and 30 for unknown
 * addresses, interleaved, and print the medians. Every call for the real account queues a mail
 * (the per-address limits are reset between calls, outside the timing), and all of them arrive.
 */

const RELAY_DELAY_MS = 300;
const CALLS = 30;

let app: TestApp;
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: smtp.env() });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const print = (figure: string, value: number, unit: string) =>
  process.stdout.write(`${JSON.stringify({ bench: 'forgot-password-timing', figure, value, unit })}\n`);

const timed = async (email: string) => {
  const start = process.hrtime.bigint();
  const res = await app.request().post('/api/auth/forgot-password').send({ email });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 200) throw new Error(`forgot-password answered ${res.status}`);
  return ms;
};

it('answers known and unknown addresses in the same time while the relay is slow', async () => {
  const email = 'timed@example.org';
  await createVerifiedAccount(app, smtp, email, 'Brussels-Desk-2024!');
  smtp.setDelay(RELAY_DELAY_MS);
  const since = smtp.mails.length;
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    await resetRateLimits(app);
    known.push(await timed(email));
    unknown.push(await timed(`nobody${i}@example.org`));
  }
  await smtp.waitFor(() => smtp.mails.slice(since).filter((m) => recipient(m) === email).length >= CALLS, 60000);

  print('relay-delay', RELAY_DELAY_MS, 'ms');
  print('median-known-account', Number(median(known).toFixed(1)), 'ms');
  print('median-unknown-address', Number(median(unknown).toFixed(1)), 'ms');
  print('median-difference', Number(Math.abs(median(known) - median(unknown)).toFixed(1)), 'ms');
  print('mails-delivered-to-known-account', smtp.mails.slice(since).filter((m) => recipient(m) === email).length, 'mails');
  expect(known).toHaveLength(CALLS);
});
