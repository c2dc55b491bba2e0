import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { RecordFilters } from '../services/records';
import { getService } from '../utils/get-service';

const text = (value: unknown, name: string, max: number) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max) throw new errors.ValidationError(`"${name}" must be text of at most ${max} characters.`);
  return value;
};
const date = (value: unknown, name: string) => {
  const given = text(value, name, 40);
  if (given === undefined) return undefined;
  const parsed = new Date(given);
  if (Number.isNaN(parsed.getTime())) throw new errors.ValidationError(`"${name}" must be a date such as 2026-11-01 or 2026-11-01T12:00:00Z.`);
  return parsed;
};
const filtersOf = (query: Record<string, unknown>): RecordFilters => ({
  asset: text(query.asset, 'asset', 64),
  user: text(query.user, 'user', 255),
  from: date(query.from, 'from'),
  to: date(query.to, 'to'),
});

const records = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /video-masters/downloads?asset=&user=&from=&to=&page= */
  async find(ctx: Context) {
    const page = ctx.query.page === undefined ? 1 : Number(ctx.query.page);
    if (!Number.isInteger(page) || page < 1 || page > 100_000) throw new errors.ValidationError('"page" must be a whole number from 1.');
    ctx.body = await getService(strapi, 'records').list(filtersOf(ctx.query), page);
  },

  /** GET /video-masters/downloads/export?asset=&user=&from=&to= (CSV) */
  async export(ctx: Context) {
    const filters = filtersOf(ctx.query);
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.attachment(`video-downloads-${new Date().toISOString().slice(0, 10)}.csv`);
    ctx.body = getService(strapi, 'records').export(filters);
  },

  /** GET /video-masters/downloads/counts?asset= (the video-asset edit view's panel) */
  async counts(ctx: Context) {
    const asset = text(ctx.query.asset, 'asset', 64);
    if (!asset) throw new errors.ValidationError('"asset" is the documentId of a video asset.');
    ctx.body = { data: await getService(strapi, 'records').countsOf(asset) };
  },
});

export default records;
