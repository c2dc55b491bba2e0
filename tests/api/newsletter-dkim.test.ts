import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { ParsedMail } from 'mailparser';
// mailauth's DKIM verifier, given our public key through its resolver: no DNS is asked.
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { createVerifiedAccount, recipient } from '../helpers/accounts';
import { registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { CAMPAIGN_ENV, campaignUntil, finished, importSubscribers, publishStory, startCampaign } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * DKIM on every mail the app sends through the relay (campaigns and account mails), checked on
 * the messages the sink received with mailauth; and the spam score of those mails under
 * SpamAssassin's default rules as Debian installs them, network tests off.
 */

const DOMAIN = 'news.example.org';
const SELECTOR = 'newsreel2026';
const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const resolver = async (name: string, type: string) => {
  if (type === 'TXT' && name === `${SELECTOR}._domainkey.${DOMAIN}`) return [[`v=DKIM1; k=rsa; p=${publicKey}`]];
  const error = new Error(`no ${type} record for ${name}`) as Error & { code: string };
  error.code = 'ENOTFOUND';
  throw error;
};

let app: TestApp;
let smtp: SmtpSink;
const mails: Record<'campaign' | 'code' | 'confirmation', ParsedMail> = {} as never;

interface DkimResult {
  status: { result: string };
  signingDomain: string;
  selector: string;
  signingHeaders: { keys: string };
}
const verify = async (raw: Buffer) => ((await dkimVerify(raw, { resolver })) as unknown as { results: DkimResult[] }).results;

/** SpamAssassin's score of a message: local rules only (-L), nothing looked up on the network. */
const spamScore = async (raw: Buffer) => {
  const child = execFile('spamassassin', ['-L', '-t', '--cf=use_bayes 0'], { maxBuffer: 16 * 1024 * 1024 });
  const output = new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`spamassassin exited with ${code}`))));
  });
  child.stdin!.end(raw);
  const text = await output;
  const status = /^X-Spam-Status: \w+, score=(-?[\d.]+)[^\n]*(?:\n\s+[^\n]*)*/m.exec(text);
  if (!status) throw new Error('spamassassin printed no X-Spam-Status');
  return { score: Number(status[1]), tests: /tests=([^\n]*(?:\n\s+[^\n]*)*?)\s+autolearn/s.exec(status[0])?.[1].replace(/\s+/g, '') ?? status[0] };
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({
    env: {
      ...smtp.env(),
      ...CAMPAIGN_ENV,
      MAIL_WORKER_POLL_MS: '100',
      EMAIL_FROM: `Northern Council newsroom <newsroom@${DOMAIN}>`,
      NEWSLETTER_BOUNCE_ADDRESS: `bounces@${DOMAIN}`,
      NEWSLETTER_DKIM_DOMAIN: DOMAIN,
      NEWSLETTER_DKIM_SELECTOR: SELECTOR,
      NEWSLETTER_DKIM_PRIVATE_KEY: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
  });
  const chief = await registerChief(app);
  const story = await publishStory(
    app.strapi,
    { title: 'The river park reopens after two years of works', summary: 'Paths, a playground and a boat landing are open to everyone again.', city: 'Ghent' },
    { title: 'Le parc fluvial rouvre après deux ans de travaux', summary: 'Sentiers, aire de jeux et embarcadère sont de nouveau ouverts.' }
  );
  // A campaign mail, an account's code, and the newsletter's confirmation.
  await importSubscribers(app, chief, 'email,name,locale\nreader@example.net,Ada Reader,en');
  let since = smtp.mails.length;
  const id = await startCampaign(app, chief, { subject: 'This week at the council', intro: 'Three stories from the week.', locale: 'en', selection: { articles: [story] } });
  await campaignUntil(app, chief, id, finished);
  mails.campaign = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && m.messageId?.startsWith(`<campaign-${id}.`) === true);
  since = smtp.mails.length;
  await createVerifiedAccount(app, smtp, 'journalist@example.net', 'Quiet-Harbour-Lights-7');
  mails.code = smtp.mails.slice(since).find((m) => recipient(m) === 'journalist@example.net' && /\b\d{6}\b/.test(m.text ?? ''))!;
  since = smtp.mails.length;
  await app.request().post('/api/newsletter/subscribe').send({ email: 'visitor@example.net', locale: 'fr' }).expect(202);
  mails.confirmation = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === 'visitor@example.net');
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe('DKIM', () => {
  it.each(['campaign', 'code', 'confirmation'] as const)('signs the %s mail so that it verifies', async (kind) => {
    const [result] = await verify(smtp.sourceOf(mails[kind]).raw);
    expect(result).toMatchObject({ status: { result: 'pass' }, signingDomain: DOMAIN, selector: SELECTOR });
  });

  it('signs both List-Unsubscribe headers of a campaign mail (RFC 8058)', async () => {
    const [result] = await verify(smtp.sourceOf(mails.campaign).raw);
    const signed = result.signingHeaders.keys.toLowerCase().split(/\s*:\s*/);
    expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject', 'date', 'message-id']));
  });

  it('fails on a mail altered after signing', async () => {
    const raw = smtp.sourceOf(mails.campaign).raw.toString('utf8');
    const altered = raw.replace(/^Subject: .*$/m, 'Subject: You won a prize');
    expect(altered).not.toBe(raw);
    const [result] = await verify(Buffer.from(altered));
    expect(result.status.result).toBe('fail');
  });
});

describe('spam score', () => {
  it.each(['campaign', 'code', 'confirmation'] as const)('the %s mail scores under 2.0 with SpamAssassin default rules', async (kind) => {
    const { score, tests } = await spamScore(smtp.sourceOf(mails[kind]).raw);
    // Printed for the record: the closing note of the issue quotes these.
    console.log(JSON.stringify({ spamassassin: kind, score, tests }));
    expect(score).toBeLessThan(2.0);
  });
});

describe('a short key', () => {
  it('stops the app from starting', async () => {
    const short = crypto.generateKeyPairSync('rsa', { modulusLength: 768 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const names = ['NEWSLETTER_DKIM_DOMAIN', 'NEWSLETTER_DKIM_SELECTOR', 'NEWSLETTER_DKIM_PRIVATE_KEY', 'PORT', 'PUBLIC_URL'];
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    try {
      await expect(
        startApp({ env: { NEWSLETTER_DKIM_DOMAIN: DOMAIN, NEWSLETTER_DKIM_SELECTOR: SELECTOR, NEWSLETTER_DKIM_PRIVATE_KEY: short } })
      ).rejects.toThrow(/768 bits; DKIM keys need at least 1024/);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
