import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { ListQuery } from '../services/directory';
import type { ImportStatus } from '../services/transfer';
import { getService } from '../utils/get-service';
import { idParam, importQuery, listQuery, validate } from '../validation';

/** The uploaded CSV: a multipart field `file` (already on disk), or a text/csv body, unread. */
const csvOf = (ctx: Context): Readable => {
  const file = (ctx.request as { files?: Record<string, { filepath: string } | { filepath: string }[]> }).files?.file;
  if (file) return fs.createReadStream((Array.isArray(file) ? file[0] : file).filepath);
  if (ctx.is('text/csv', 'text/plain', 'application/csv')) return ctx.req;
  throw new errors.ValidationError('Send the CSV as a text/csv body or as the multipart field "file".');
};

/** Who acted, as recorded in a subscriber's history. */
const actorOf = (ctx: Context) => `admin:${(ctx.state.user as { id?: number } | undefined)?.id ?? 'unknown'}`;

/** Admin routes of the list: thin, each one service call. */
const subscribers = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    ctx.body = await getService(strapi, 'directory').list((await validate(listQuery)(ctx.query)) as ListQuery);
  },

  async export(ctx: Context) {
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.attachment(`newsletter-subscribers-${new Date().toISOString().slice(0, 10)}.csv`);
    ctx.body = getService(strapi, 'transfer').export();
  },

  async import(ctx: Context) {
    const { status } = await validate(importQuery)(ctx.query);
    ctx.body = await getService(strapi, 'transfer').import(csvOf(ctx), status as ImportStatus);
  },

  async findOne(ctx: Context) {
    const { id } = await validate(idParam)({ id: ctx.params.id });
    ctx.body = { data: await getService(strapi, 'directory').get(id) };
  },

  async suppress(ctx: Context) {
    const { id } = await validate(idParam)({ id: ctx.params.id });
    ctx.body = { data: await getService(strapi, 'directory').suppress(id, actorOf(ctx)) };
  },

  async lift(ctx: Context) {
    const { id } = await validate(idParam)({ id: ctx.params.id });
    ctx.body = { data: await getService(strapi, 'directory').lift(id, actorOf(ctx)) };
  },

  async delete(ctx: Context) {
    const { id } = await validate(idParam)(ctx.params);
    ctx.body = { data: await getService(strapi, 'directory').remove(id) };
  },
});

export default subscribers;
