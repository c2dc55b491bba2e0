import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import jwt from 'jsonwebtoken';
import type { NewsletterConfig } from '../config';

export type TokenPurpose = 'confirm' | 'unsubscribe';

const ISSUER = 'newsreel-newsletter';

/**
 * Signed tokens of the newsletter links (HS256 under a key derived from APP_KEYS). They name the
 * subscriber by its random documentId, never by email. A confirmation token lasts
 * `confirmTtlHours`; an unsubscribe token does not expire, since the mails carrying it may be read
 * years later.
 */
const tokens = ({ strapi }: { strapi: Core.Strapi }) => {
  // A KeyObject made once: given a Buffer, jsonwebtoken would make one on every signature.
  const key = crypto.createSecretKey(
    crypto.createHash('sha256').update(`newsletter-links:${String(strapi.config.get('server.app.keys', [''])[0])}`).digest()
  );
  const config = () => strapi.config.get('plugin::newsletter') as NewsletterConfig;

  return {
    /**
     * A token for `purpose` naming the subscriber `documentId`; `nonce` ties a confirmation link to
     * the one request it answers, so a newer request, or a confirmation, retires it; `campaign`
     * names the campaign whose mail carried an unsubscribe link, for its delivery report.
     */
    sign(documentId: string, purpose: TokenPurpose, nonce?: string, campaign?: number): string {
      const expiry = purpose === 'confirm' ? { expiresIn: config().confirmTtlHours * 3600 } : {};
      return jwt.sign({ p: purpose, ...(nonce ? { n: nonce } : {}), ...(campaign ? { c: campaign } : {}) }, key, {
        algorithm: 'HS256',
        subject: documentId,
        issuer: ISSUER,
        ...expiry,
      });
    },

    /** What a valid token of `purpose` names, or null for a bad, tampered or expired one. */
    verify(token: unknown, purpose: TokenPurpose): { documentId: string; nonce?: string; campaign?: number } | null {
      if (typeof token !== 'string' || token.length > 2000) return null;
      try {
        const claims = jwt.verify(token, key, { algorithms: ['HS256'], issuer: ISSUER }) as jwt.JwtPayload;
        if (claims.p !== purpose || typeof claims.sub !== 'string') return null;
        return {
          documentId: claims.sub,
          nonce: typeof claims.n === 'string' ? claims.n : undefined,
          campaign: Number.isInteger(claims.c) && claims.c > 0 ? claims.c : undefined,
        };
      } catch {
        return null;
      }
    },
  };
};

export type TokensService = ReturnType<typeof tokens>;
export default tokens;
