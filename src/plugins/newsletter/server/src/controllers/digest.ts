import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { DigestSettings } from '../services/digest';
import { getService } from '../utils/get-service';
import { digestBody, validate } from '../validation';

/** Admin routes of the recurring digest. */
const digest = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'digest').get() };
  },

  async update(ctx: Context) {
    const input = (await validate(digestBody)(ctx.request.body)) as unknown as Omit<DigestSettings, 'timeZone'> & { timeZone?: string };
    ctx.body = { data: await getService(strapi, 'digest').set(input) };
  },
});

export default digest;
