import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { NewsletterConfig } from '../config';

/** What the addresses of a bounce say about its ledger row. */
export type VerpMatch = { state: 'none' } | { state: 'valid'; deliveryId: number } | { state: 'forged' };

const TOKEN = /^([0-9a-z]{1,13})-([0-9a-f]{16})$/;

/**
 * VERP: each campaign mail leaves with the envelope sender `bounces+<token>@domain`, where the
 * token names its ledger row and is signed (HMAC-SHA256 under a key derived from APP_KEYS), so a
 * bounce comes back naming the exact delivery, and nobody can name a row they were not sent.
 * Lower-case only: some relays lower-case the local part.
 */
const verp = ({ strapi }: { strapi: Core.Strapi }) => {
  const key = crypto.createHash('sha256').update(`newsletter-verp:${String(strapi.config.get('server.app.keys', [''])[0])}`).digest();
  const mac = (id: string) => crypto.createHmac('sha256', key).update(id).digest('hex').slice(0, 16);
  const bounceAddress = () => (strapi.config.get('plugin::newsletter') as NewsletterConfig).deliverability.bounceAddress?.toLowerCase();
  const split = (address: string) => {
    const at = address.lastIndexOf('@');
    return { local: address.slice(0, at), domain: address.slice(at + 1) };
  };

  return {
    /** The signed token of ledger row `deliveryId`. */
    token(deliveryId: number): string {
      const id = deliveryId.toString(36);
      return `${id}-${mac(id)}`;
    },

    /** The ledger row a token names, or null when it is malformed or its signature does not match. */
    read(token: string): number | null {
      const match = TOKEN.exec(token.toLowerCase());
      if (!match) return null;
      const expected = Buffer.from(mac(match[1]));
      const given = Buffer.from(match[2]);
      if (!crypto.timingSafeEqual(expected, given)) return null;
      const id = parseInt(match[1], 36);
      return Number.isSafeInteger(id) && id > 0 ? id : null;
    },

    /** The envelope sender of row `deliveryId`, or undefined when no bounce address is configured. */
    envelopeSender(deliveryId: number): string | undefined {
      const address = bounceAddress();
      if (!address) return undefined;
      const { local, domain } = split(address);
      return `${local}+${this.token(deliveryId)}@${domain}`;
    },

    /**
     * Looks for our VERP address among `addresses` (where a bounce was delivered): none at all, a
     * valid one, or one whose token is present but fails verification (the bounce is then ignored).
     */
    find(addresses: string[]): VerpMatch {
      const address = bounceAddress();
      if (!address) return { state: 'none' };
      const ours = split(address);
      let forged = false;
      for (const candidate of addresses) {
        const { local, domain } = split(candidate.toLowerCase());
        if (domain !== ours.domain || !local.startsWith(`${ours.local}+`)) continue;
        const deliveryId = this.read(local.slice(ours.local.length + 1));
        if (deliveryId !== null) return { state: 'valid', deliveryId };
        forged = true;
      }
      return forged ? { state: 'forged' } : { state: 'none' };
    },
  };
};

export type VerpService = ReturnType<typeof verp>;
export default verp;
