import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { SentMessageInfo, Transport } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';

export interface OutboxTransportOptions {
  /** Folder that receives one `.eml` file per message. */
  dir: string;
  /** Told the file name of each message; never its content, which may hold a code. */
  log: (message: string) => void;
}

/**
 * A nodemailer transport that writes each message, exactly as it would go over SMTP, to an `.eml`
 * file: the development stand-in for a relay. Mail clients open the files as they are.
 */
export const createOutboxTransport = ({ dir, log }: OutboxTransportOptions): Transport<SentMessageInfo> => ({
  name: 'newsreel-outbox',
  version: '1.0.0',
  send(mail: MailMessage<SentMessageInfo>, callback: (error: Error | null, info: SentMessageInfo) => void) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(dir, `${stamp}-${crypto.randomBytes(4).toString('hex')}.eml`);
    const envelope = mail.message.getEnvelope();
    const messageId = mail.message.messageId();

    fs.promises
      .mkdir(dir, { recursive: true })
      .then(() => pipeline(mail.message.createReadStream(), fs.createWriteStream(file, { mode: 0o600 })))
      .then(() => {
        log(`Mail for ${envelope.to.length} recipient(s) written to ${file}`);
        callback(null, { envelope, messageId, file });
      })
      .catch((error: Error) => callback(error, undefined));
  },
});
