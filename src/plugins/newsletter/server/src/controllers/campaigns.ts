import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { NewsletterConfig } from '../config';
import type { NewCampaign } from '../services/campaigns';
import type { Locale } from '../services/mailer';
import { getService } from '../utils/get-service';
import type { Problem } from '../services/reports';
import { campaignBody, idParam, previewQuery, reportQuery, scheduleBody, validate } from '../validation';

/** Admin routes of campaigns: thin, each one service call. */
const campaigns = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'campaigns');
  // Only the id: a catch-all route of the admin may add its own captures to ctx.params.
  const id = async (ctx: Context) => (await validate(idParam)({ id: ctx.params.id })).id as number;

  return {
    async create(ctx: Context) {
      const input = (await validate(campaignBody)(ctx.request.body)) as NewCampaign;
      ctx.status = 201;
      ctx.body = { data: await service().create(input) };
    },

    async find(ctx: Context) {
      // The zone a schedule is read in when staff name none, for the admin's picker.
      ctx.body = { data: await service().list(), meta: { timeZone: (strapi.config.get('plugin::newsletter') as NewsletterConfig).scheduling.timeZone } };
    },

    async findOne(ctx: Context) {
      ctx.body = { data: await service().get(await id(ctx)) };
    },

    async preview(ctx: Context) {
      const { locale } = await validate(previewQuery)(ctx.query);
      ctx.body = { data: await service().preview(await id(ctx), locale as Locale | undefined) };
    },

    async test(ctx: Context) {
      const email = (ctx.state.user as { email: string }).email;
      ctx.body = { data: await service().test(await id(ctx), email) };
    },

    async send(ctx: Context) {
      ctx.status = 202;
      ctx.body = { data: await service().send(await id(ctx)) };
    },

    async pause(ctx: Context) {
      ctx.body = { data: await service().pause(await id(ctx)) };
    },

    async schedule(ctx: Context) {
      const { at, timeZone } = await validate(scheduleBody)(ctx.request.body);
      ctx.body = { data: await service().schedule(await id(ctx), at, timeZone) };
    },

    async unschedule(ctx: Context) {
      ctx.body = { data: await service().unschedule(await id(ctx)) };
    },

    async report(ctx: Context) {
      const query = await validate(reportQuery)(ctx.query);
      ctx.body = await getService(strapi, 'reports').report(await id(ctx), { problem: query.problem as Problem | undefined, page: query.page, pageSize: query.pageSize });
    },

    async exportReport(ctx: Context) {
      const { problem } = await validate(reportQuery)(ctx.query);
      const campaignId = await id(ctx);
      const stream = await getService(strapi, 'reports').export(campaignId, problem as Problem | undefined);
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.attachment(`newsletter-campaign-${campaignId}-report.csv`);
      ctx.body = stream;
    },

    async retryFailed(ctx: Context) {
      ctx.status = 202;
      ctx.body = await getService(strapi, 'reports').retryFailed(await id(ctx));
    },

    async resume(ctx: Context) {
      ctx.status = 202;
      ctx.body = { data: await service().resume(await id(ctx)) };
    },
  };
};

export default campaigns;
