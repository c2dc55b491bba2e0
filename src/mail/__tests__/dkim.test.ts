import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DKIM_SIGNED_HEADERS, dkimOptions } from '../dkim';

const pem = (bits: number) => crypto.generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const envOf = (values: Record<string, string | undefined>) => ((name: string) => values[name]) as never;

describe('dkimOptions', () => {
  const key = pem(1024);

  it('is off when nothing is set', () => {
    expect(dkimOptions(envOf({}), '/app')).toBeUndefined();
  });

  it('takes the PEM text, also with its newlines written as \\n, and signs both List-Unsubscribe headers', () => {
    const options = dkimOptions(envOf({ NEWSLETTER_DKIM_DOMAIN: 'news.example.org', NEWSLETTER_DKIM_SELECTOR: 's1', NEWSLETTER_DKIM_PRIVATE_KEY: key.replace(/\n/g, '\\n') }), '/app');
    expect(options).toEqual({ domainName: 'news.example.org', keySelector: 's1', privateKey: key.trim(), headerFieldNames: DKIM_SIGNED_HEADERS });
    expect(DKIM_SIGNED_HEADERS.split(':')).toEqual(expect.arrayContaining(['List-Unsubscribe', 'List-Unsubscribe-Post']));
  });

  it('reads a key file, relative to the app', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dkim-'));
    fs.writeFileSync(path.join(dir, 'dkim.pem'), key);
    try {
      const options = dkimOptions(envOf({ NEWSLETTER_DKIM_DOMAIN: 'd.example', NEWSLETTER_DKIM_SELECTOR: 's', NEWSLETTER_DKIM_PRIVATE_KEY: 'dkim.pem' }), dir);
      expect(options?.privateKey).toBe(key);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['half a setting', { NEWSLETTER_DKIM_DOMAIN: 'd.example' }, /together/],
    ['a missing file', { NEWSLETTER_DKIM_DOMAIN: 'd.example', NEWSLETTER_DKIM_SELECTOR: 's', NEWSLETTER_DKIM_PRIVATE_KEY: 'nowhere.pem' }, /neither a PEM key nor a readable file/],
    ['a key that does not parse', { NEWSLETTER_DKIM_DOMAIN: 'd.example', NEWSLETTER_DKIM_SELECTOR: 's', NEWSLETTER_DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }, /not a readable private key/],
    ['a 512-bit key', { NEWSLETTER_DKIM_DOMAIN: 'd.example', NEWSLETTER_DKIM_SELECTOR: 's', NEWSLETTER_DKIM_PRIVATE_KEY: pem(512) }, /512 bits; DKIM keys need at least 1024/],
  ])('refuses %s', (_name, values, message) => {
    expect(() => dkimOptions(envOf(values), '/app')).toThrow(message);
  });

  it('never puts the key in its message', () => {
    const short = pem(512);
    try {
      dkimOptions(envOf({ NEWSLETTER_DKIM_DOMAIN: 'd.example', NEWSLETTER_DKIM_SELECTOR: 's', NEWSLETTER_DKIM_PRIVATE_KEY: short }), '/app');
      throw new Error('accepted');
    } catch (error) {
      expect((error as Error).message).not.toContain('PRIVATE KEY');
    }
  });
});
