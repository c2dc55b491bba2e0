import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
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

    /** Stops all mail to a subscriber for good (a bounce, or a staff decision). */
    async suppress(id: number) {
      const row = (await query().findOne({ where: { id } })) as Subscriber | null;
      if (!row) throw new errors.NotFoundError('No such subscriber.');
      const updated = (await query().update({ where: { id }, data: { status: 'suppressed' } })) as Subscriber;
      return staffView(updated);
    },

    /** Deletes a subscriber and its consent record (e.g. an erasure request). */
    async remove(id: number) {
      const row = (await query().findOne({ where: { id } })) as Subscriber | null;
      if (!row) throw new errors.NotFoundError('No such subscriber.');
      await query().delete({ where: { id } });
      return staffView(row);
    },
  };
};

export type DirectoryService = ReturnType<typeof directory>;
export default directory;
