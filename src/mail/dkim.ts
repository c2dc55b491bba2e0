import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

type Env = Core.Config.Shared.ConfigParams['env'];

/**
 * nodemailer's default list of signed headers (RFC 4871 §5.5) plus List-Unsubscribe-Post, which
 * it leaves out: RFC 8058 one-click unsubscribe requires both List-Unsubscribe headers signed.
 */
export const DKIM_SIGNED_HEADERS = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version', 'Content-Type',
  'Content-Transfer-Encoding', 'Content-ID', 'Content-Description', 'Resent-Date', 'Resent-From', 'Resent-Sender',
  'Resent-To', 'Resent-Cc', 'Resent-Message-ID', 'In-Reply-To', 'References', 'List-Id', 'List-Help',
  'List-Unsubscribe', 'List-Unsubscribe-Post', 'List-Subscribe', 'List-Post', 'List-Owner', 'List-Archive',
].join(':');

/** The smallest RSA key accepted: shorter keys are refused by receivers and too weak to trust. */
export const MIN_DKIM_BITS = 1024;

export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKey: string;
  headerFieldNames: string;
}

/** The PEM text itself (newlines may be written `\n` in an env file), or a path to a PEM file. */
const readKey = (value: string, appRoot: string): string => {
  const text = value.replace(/\\n/g, '\n').trim();
  if (text.startsWith('-----BEGIN')) return text;
  const file = path.resolve(appRoot, value);
  if (!fs.existsSync(file)) throw new Error(`NEWSLETTER_DKIM_PRIVATE_KEY is neither a PEM key nor a readable file (${file})`);
  return fs.readFileSync(file, 'utf8');
};

/**
 * nodemailer's `dkim` option for campaign and account mail, from NEWSLETTER_DKIM_DOMAIN,
 * NEWSLETTER_DKIM_SELECTOR and NEWSLETTER_DKIM_PRIVATE_KEY; undefined when none is set. Throws at
 * start (so the app does not boot) on half a setting, a key that does not parse, or one shorter
 * than 1024 bits. The key itself never appears in a message.
 */
export const dkimOptions = (env: Env, appRoot: string): DkimOptions | undefined => {
  const domainName = env('NEWSLETTER_DKIM_DOMAIN');
  const keySelector = env('NEWSLETTER_DKIM_SELECTOR');
  const keyValue = env('NEWSLETTER_DKIM_PRIVATE_KEY');
  if (!domainName && !keySelector && !keyValue) return undefined;
  if (!domainName || !keySelector || !keyValue) {
    throw new Error('DKIM needs NEWSLETTER_DKIM_DOMAIN, NEWSLETTER_DKIM_SELECTOR and NEWSLETTER_DKIM_PRIVATE_KEY together');
  }
  const privateKey = readKey(keyValue, appRoot);
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(privateKey);
  } catch {
    throw new Error('NEWSLETTER_DKIM_PRIVATE_KEY is not a readable private key (PEM)');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error('NEWSLETTER_DKIM_PRIVATE_KEY must be an RSA key');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_DKIM_BITS) throw new Error(`NEWSLETTER_DKIM_PRIVATE_KEY has ${bits} bits; DKIM keys need at least ${MIN_DKIM_BITS}`);
  return { domainName, keySelector, privateKey, headerFieldNames: DKIM_SIGNED_HEADERS };
};
