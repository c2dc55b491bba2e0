import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createError from 'http-errors';
import { getService } from '../utils/get-service';
import type { Status, Subscriber } from './subscribers';

const SUBSCRIBER = 'plugin::newsletter.subscriber';
export const STATUSES: Status[] = ['pending', 'subscribed', 'unsubscribed', 'suppressed'];

export interface ListQuery {
  q?: string;
  status?: Status;
  page: number;
  pageSize: number;
}

/** What staff see of a subscriber. */
export const staffView = (row: Subscriber) => ({
  id: row.id,
  email: row.email,
  name: row.name,
  status: row.status,
  locale: row.locale,
  source: row.source,
  consentedAt: row.consentedAt,
  confirmedAt: row.confirmedAt,
  unsubscribedAt: row.unsubscribedAt,
  suppressedAt: row.suppressedAt ?? null,
  suppressionReason: row.suppressionReason ?? null,
});

/** The staff's view of the list: search, counts, and the actions on one subscriber. */
const directory = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(SUBSCRIBER);

  return {
    /** One page of subscribers matching the search, with the counts per status of the whole list. */
    async list({ q, status, page, pageSize }: ListQuery) {
      const where = {
        ...(status ? { status } : {}),
        ...(q ? { $or: [{ email: { $containsi: q } }, { name: { $containsi: q } }] } : {}),
      };
      const [rows, total, grouped] = await Promise.all([
        query().findMany({ where, orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
        query().count({ where }),
        strapi.db.connection('newsletter_subscribers').select('status').count({ n: '*' }).groupBy('status'),
      ]);
      const counts = Object.fromEntries(STATUSES.map((name) => [name, 0])) as Record<Status, number>;
      for (const row of grouped as { status: Status; n: string | number }[]) counts[row.status] = Number(row.n);
      return {
        data: (rows as Subscriber[]).map(staffView),
        meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total }, counts },
      };
    },

    /** One subscriber with its bounce, complaint and suppression history, newest first. */
    async get(id: number) {
      const row = (await query().findOne({ where: { id } })) as Subscriber | null;
      if (!row) throw new errors.NotFoundError('No such subscriber.');
      return { ...staffView(row), events: await getService(strapi, 'events').history(id) };
    },

    /** Stops all mail to a subscriber for good (a staff decision), recorded with who made it. */
    async suppress(id: number, actor: string) {
      const row = (await query().findOne({ where: { id } })) as Subscriber | null;
      if (!row) throw new errors.NotFoundError('No such subscriber.');
      await getService(strapi, 'events').suppress(id, 'staff', 'staff', actor);
      return staffView((await query().findOne({ where: { id } })) as Subscriber);
    },

    /** Lifts a suppression by hand, recorded with who did it; 409 when the subscriber is not suppressed. */
    async lift(id: number, actor: string) {
      const row = (await query().findOne({ where: { id } })) as Subscriber | null;
      if (!row) throw new errors.NotFoundError('No such subscriber.');
      if (!(await getService(strapi, 'events').lift(id, actor))) {
        throw createError(409, `The subscriber is ${row.status}, not suppressed.`, { expose: true });
      }
      return staffView((await query().findOne({ where: { id } })) as Subscriber);
    },

    /**
     * Erases a subscriber (a request to be forgotten): the row, its consent record and its events
     * go; only an HMAC of the address stays, so a later import cannot bring it back.
     */
    async remove(id: number) {
      const row = (await query().findOne({ where: { id } })) as Subscriber | null;
      if (!row) throw new errors.NotFoundError('No such subscriber.');
      await getService(strapi, 'events').bury(row.email, id);
      await query().delete({ where: { id } });
      return staffView(row);
    },
  };
};

export type DirectoryService = ReturnType<typeof directory>;
export default directory;
