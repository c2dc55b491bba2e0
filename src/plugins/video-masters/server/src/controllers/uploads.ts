import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Staff } from '../services/uploads';
import { getService } from '../utils/get-service';

const staffOf = (ctx: Context): Staff => ({ id: (ctx.state.user as { id: number }).id, ability: ctx.state.userAbility });
const partNumberOf = (ctx: Context) => (/^\d{1,5}$/.test(String(ctx.params.partNumber)) ? Number(ctx.params.partNumber) : NaN);

/** Master uploads from the admin (DESIGN.md §5 "Master uploads"). */
const uploads = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'uploads');
  return {
    async create(ctx: Context) {
      ctx.status = 201;
      ctx.body = await service().create(staffOf(ctx), (ctx.request.body ?? {}) as Record<string, unknown>);
    },

    async find(ctx: Context) {
      ctx.body = { data: await service().recent(staffOf(ctx), ctx.query.asset) };
    },

    async findOne(ctx: Context) {
      ctx.body = await service().status(staffOf(ctx), ctx.params.uploadId);
    },

    async partUrl(ctx: Context) {
      ctx.body = await service().partUrl(staffOf(ctx), ctx.params.uploadId, partNumberOf(ctx));
    },

    /** Local storage: the part's raw bytes, to the signed URL `partUrl` gave. */
    async writePart(ctx: Context) {
      const length = ctx.get('content-length');
      const part = await service().writePart(
        String(ctx.params.uploadId),
        partNumberOf(ctx),
        ctx.query,
        /^\d+$/.test(length) ? Number(length) : null,
        ctx.req
      );
      ctx.set('ETag', part.etag);
      // Browsers read the ETag header of a cross-origin answer only when it is exposed.
      ctx.set('Access-Control-Expose-Headers', 'ETag');
      ctx.body = { etag: part.etag };
    },

    async complete(ctx: Context) {
      ctx.body = await service().complete(staffOf(ctx), ctx.params.uploadId, (ctx.request.body ?? {}) as Record<string, unknown>);
    },

    async abort(ctx: Context) {
      await service().abort(staffOf(ctx), ctx.params.uploadId);
      ctx.status = 204;
    },
  };
};

export default uploads;
