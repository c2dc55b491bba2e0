import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createError from 'http-errors';
import type { NewsletterConfig } from '../config';
import { getService } from '../utils/get-service';
import type { Locale } from './mailer';

const SUBSCRIBER = 'plugin::newsletter.subscriber';

export type Status = 'pending' | 'subscribed' | 'unsubscribed' | 'suppressed';
export type Source = 'form' | 'account' | 'import';

export interface Subscriber {
  id: number;
  documentId: string;
  email: string;
  status: Status;
  locale: Locale;
  source: Source;
  name: string | null;
  accountId: number | null;
  consentedAt: string | null;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  confirmationSentAt: string | number | null;
  suppressedAt?: string | null;
  suppressionReason?: string | null;
}

export interface Account {
  id: number;
  email: string;
  locale?: Locale | null;
}

/** One answer for every link that does not work: bad, tampered, expired or already used. */
export const INVALID_LINK = 'This link is not valid or has expired.';

/**
 * The newsletter list. Addresses are unique (a unique index: of two parallel sign-ups one row
 * wins), and every status change is a conditional update, so parallel requests agree on what
 * happened. Nobody gets on the list without proof: a confirmed link, or a verified account.
 */
const subscribers = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::newsletter') as NewsletterConfig;
  const query = () => strapi.db.query(SUBSCRIBER);
  const frontend = () => config().frontendOrigins[0];

  const findOrCreate = async (email: string, data: Partial<Subscriber>): Promise<Subscriber> => {
    const existing = (await query().findOne({ where: { email } })) as Subscriber | null;
    if (existing) return existing;
    try {
      return (await query().create({ data: { email, ...data } })) as Subscriber;
    } catch (error) {
      // The unique index refused a second row for this address: another request created it.
      const created = (await query().findOne({ where: { email } })) as Subscriber | null;
      if (created) return created;
      throw error;
    }
  };

  /** The welcome mail, with the one-click unsubscribe link (RFC 8058) of this subscriber. */
  const welcome = async (row: Subscriber, locale: Locale) => {
    const token = getService(strapi, 'tokens').sign(row.documentId, 'unsubscribe');
    await getService(strapi, 'mailer').queue('welcome', locale, row.email, {
      unsubscribeUrl: `${strapi.config.get('server.absoluteUrl')}/api/newsletter/unsubscribe?token=${token}`,
      unsubscribePage: `${frontend()}${config().unsubscribePath}#token=${token}`,
    });
  };

  return {
    /**
     * A visitor asks for the newsletter: the address stays pending until the mailed link is
     * confirmed. Addresses already subscribed, or suppressed, get nothing; a second request
     * within the quiet period sends nothing either. The caller answers the same in every case.
     */
    async request(email: string, locale: Locale): Promise<void> {
      const now = Date.now();
      const row = await findOrCreate(email, { status: 'pending', locale, source: 'form' });
      if (row.status === 'subscribed' || row.status === 'suppressed') return;
      const quietMs = config().resendQuietMinutes * 60_000;
      // Claimed in one conditional update: of parallel requests, one sends the mail.
      const { count } = await query().updateMany({
        where: {
          id: row.id,
          status: { $in: ['pending', 'unsubscribed'] },
          $or: [{ confirmationSentAt: null }, { confirmationSentAt: { $lte: now - quietMs } }],
        },
        data: { confirmationSentAt: now, locale, consentedAt: new Date(now) },
      });
      if (count !== 1) return;
      const hours = config().confirmTtlHours;
      const token = getService(strapi, 'tokens').sign(row.documentId, 'confirm', String(now));
      await getService(strapi, 'mailer').queue(
        'confirm',
        locale,
        email,
        { confirmUrl: `${frontend()}${config().confirmPath}#token=${token}`, hours: String(hours) },
        now + hours * 3_600_000
      );
    },

    /** The mailed link comes back: the address is subscribed. A link works for its own request only. */
    async confirm(token: unknown): Promise<void> {
      const claims = getService(strapi, 'tokens').verify(token, 'confirm');
      if (!claims) throw new errors.ValidationError(INVALID_LINK);
      const row = (await query().findOne({ where: { documentId: claims.documentId } })) as Subscriber | null;
      if (!row || row.status === 'suppressed') throw new errors.ValidationError(INVALID_LINK);
      if (row.status === 'subscribed') return;
      const { count } = await query().updateMany({
        where: { id: row.id, status: { $in: ['pending', 'unsubscribed'] }, confirmationSentAt: Number(claims.nonce ?? -1) },
        data: { status: 'subscribed', confirmedAt: new Date(), unsubscribedAt: null },
      });
      if (count !== 1) throw new errors.ValidationError(INVALID_LINK);
      // Erased once, back by their own confirmed wish: an import may add them again later.
      await getService(strapi, 'events').unbury(row.email);
      await welcome(row, row.locale);
    },

    /** One-click unsubscribe: idempotent; a suppressed address stays suppressed. */
    async unsubscribe(token: unknown): Promise<void> {
      const claims = getService(strapi, 'tokens').verify(token, 'unsubscribe');
      if (!claims) throw new errors.ValidationError(INVALID_LINK);
      const { count } = await query().updateMany({
        where: { documentId: claims.documentId, status: { $in: ['pending', 'subscribed'] } },
        data: { status: 'unsubscribed', unsubscribedAt: new Date() },
      });
      // From a campaign's link: the campaign's delivery report counts it.
      if (count === 1 && claims.campaign) {
        const row = (await query().findOne({ where: { documentId: claims.documentId }, select: ['id'] })) as { id: number } | null;
        if (row) {
          await getService(strapi, 'events').record({
            source: 'link',
            eventId: `unsubscribe:${claims.campaign}:${row.id}`,
            type: 'unsubscribed',
            campaignId: claims.campaign,
            subscriberId: row.id,
          });
        }
      }
    },

    /** The subscription of a logged-in account, if any. */
    async ofAccount(account: Account): Promise<Subscriber | null> {
      return (await query().findOne({ where: { email: account.email.toLowerCase() } })) as Subscriber | null;
    },

    /**
     * A verified account subscribes itself in one step: its address is proven, and asking is the
     * consent. An address suppressed after failed deliveries or by staff is not resubscribed.
     */
    async subscribeAccount(account: Account, locale?: Locale): Promise<Subscriber> {
      const email = account.email.toLowerCase();
      const language = locale ?? account.locale ?? 'en';
      const row = await findOrCreate(email, { status: 'pending', locale: language, source: 'account', accountId: account.id });
      if (row.status === 'suppressed') {
        throw createError(409, 'This address cannot receive the newsletter any more; contact the newsroom.', { expose: true });
      }
      if (row.status === 'subscribed') return row;
      const now = new Date();
      const { count } = await query().updateMany({
        where: { id: row.id, status: { $in: ['pending', 'unsubscribed'] } },
        data: { status: 'subscribed', locale: language, accountId: account.id, consentedAt: now, confirmedAt: now, unsubscribedAt: null },
      });
      if (count === 1) await welcome(row, language);
      return (await query().findOne({ where: { id: row.id } })) as Subscriber;
    },

    /** A logged-in account ends its own subscription. */
    async unsubscribeAccount(account: Account): Promise<void> {
      await query().updateMany({
        where: { email: account.email.toLowerCase(), status: { $in: ['pending', 'subscribed'] } },
        data: { status: 'unsubscribed', unsubscribedAt: new Date() },
      });
    },
  };
};

export type SubscribersService = ReturnType<typeof subscribers>;
export default subscribers;
