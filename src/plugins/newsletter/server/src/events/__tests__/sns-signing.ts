import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Test helpers that sign SNS messages the way Amazon SNS does, for the unit tests of ../sns.ts and
 * for API tests. The signing string follows AWS's documentation, written here independently of
 * sns-validator so the tests check the library rather than mirror it:
 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
 */

/** A test PKI: a CA, a TLS server certificate for localhost / 127.0.0.1 and an SNS-like signing certificate, all PEM. */
export interface SnsTestPki {
  caPem: string;
  serverKey: string;
  serverCert: string;
  signingKey: string;
  signingCertPem: string;
}

/** The fields SNS signs or sends, before Signature and SignatureVersion are added. */
export interface SnsFieldsToSign {
  Type: 'SubscriptionConfirmation' | 'Notification' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
}

export type SnsSignatureVersion = '1' | '2';

export type SignedSnsMessage = SnsFieldsToSign & { SignatureVersion: SnsSignatureVersion; Signature: string };

/** Extension sections for the certificates; a config file of our own keeps the system openssl.cnf out of it. */
const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
authorityKeyIdentifier = keyid
[signing_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid
`;

/** A certificate signed by the test CA, for a fresh RSA 2048 key; returns [key, certificate]. */
const issue = (run: (args: string[]) => void, read: (name: string) => string, name: string, subject: string, extensions: string) => {
  run(['req', '-new', '-config', 'openssl.cnf', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  run([
    'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-sha256', '-days', '2',
    '-set_serial', `0x${crypto.randomBytes(8).toString('hex')}`, '-extfile', 'openssl.cnf', '-extensions', extensions, '-out', `${name}.pem`,
  ]);
  return [read(`${name}.key`), read(`${name}.pem`)] as const;
};

/**
 * Makes the test PKI with the `openssl` command line (node-forge and selfsigned are not installed, and
 * node:crypto cannot issue certificates). Takes about a second; the temporary directory is removed.
 */
export function makeSnsTestPki(): SnsTestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsletter-sns-pki-'));
  const run = (args: string[]) => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  try {
    fs.writeFileSync(path.join(dir, 'openssl.cnf'), OPENSSL_CONFIG);
    run([
      'req', '-x509', '-config', 'openssl.cnf', '-extensions', 'ca_ext', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
      '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Newsreel SNS test CA',
    ]);
    const [serverKey, serverCert] = issue(run, read, 'server', '/CN=localhost', 'server_ext');
    const [signingKey, signingCertPem] = issue(run, read, 'signing', '/CN=sns.test.amazonaws.com', 'signing_ext');
    return { caPem: read('ca.pem'), serverKey, serverCert, signingKey, signingCertPem };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The keys SNS signs, in its documented order; Subject only on Notifications, and only when present. */
const signedKeys = (fields: SnsFieldsToSign): (keyof SnsFieldsToSign)[] =>
  fields.Type === 'Notification'
    ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];

/** The string SNS signs: "Key\nvalue\n" for each signed key that the message carries. */
export function snsStringToSign(fields: SnsFieldsToSign): string {
  return signedKeys(fields)
    .filter((key) => fields[key] !== undefined)
    .map((key) => `${key}\n${fields[key]}\n`)
    .join('');
}

/** Signs like SNS: SignatureVersion 1 is RSA-SHA1, 2 is RSA-SHA256; the signature is base64. */
export function signSnsMessage(fields: SnsFieldsToSign, signingKeyPem: string, version: SnsSignatureVersion = '1'): SignedSnsMessage {
  const signer = crypto.createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  signer.update(snsStringToSign(fields), 'utf8');
  return { ...fields, SignatureVersion: version, Signature: signer.sign(signingKeyPem, 'base64') };
}
