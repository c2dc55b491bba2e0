import type { ParsedMail } from 'mailparser';
import type { TestApp } from './app';
import type { SmtpSink } from './smtp-sink';

export const recipient = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');

/** The newest mail to `email` received after `since` mails, with its six-digit code. */
export const codeMail = async (smtp: SmtpSink, email: string, since: number) => {
  const mail = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === email && /\b\d{6}\b/.test(m.text ?? ''));
  const code = /\b(\d{6})\b/.exec(mail.text ?? '')![1];
  return { mail, code };
};

/** Registers and verifies an account through HTTP, the code read from the real mail. */
export const createVerifiedAccount = async (app: TestApp, smtp: SmtpSink, email: string, password: string) => {
  const since = smtp.mails.length;
  const registered = await app.request().post('/api/auth/local/register').send({ email, password });
  if (registered.status !== 200) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const { code } = await codeMail(smtp, email, since);
  const verified = await app.request().post('/api/auth/verify-email').send({ email, code });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  return verified.body as { jwt: string; user: { id: number; email: string } };
};
