import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { OperationsService } from '../services/operations';

/** GET /api/health/ready and GET /api/metrics (README "Deploy" and "Metrics"). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => strapi.service('api::operations.operations') as unknown as OperationsService;
  return {
    async ready(ctx: Context) {
      const readiness = await service().readiness();
      ctx.set('Cache-Control', 'no-store');
      ctx.status = readiness.status === 'ready' ? 200 : 503;
      ctx.body = readiness;
    },

    async metrics(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      service().authorize(ctx);
      const { contentType, text } = await service().metrics();
      ctx.type = contentType;
      ctx.body = text;
    },
  };
};
