import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import send from 'send';
import { attachment } from '../services/links';
import { getService } from '../utils/get-service';

const LOCALES = new Set(['en', 'fr']);

type SendError = Error & { status?: number; headers?: Record<string, string> };

const downloads = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/video-assets/:documentId/downloads {rendition} (policy: a verified account). */
  async grant(ctx: Context) {
    const body = (ctx.request.body ?? {}) as { rendition?: unknown };
    if (typeof body.rendition !== 'string' || !/^[a-z0-9-]{1,40}$/.test(body.rendition)) {
      throw new errors.ValidationError('Say which file you want: "rendition" is a rendition kind such as "broadcast-master".');
    }
    const locale = typeof ctx.query.locale === 'string' && LOCALES.has(ctx.query.locale) ? ctx.query.locale : undefined;
    const user = ctx.state.user as { id: number; email?: string };
    ctx.body = await getService(strapi, 'downloads').grant({
      user,
      documentId: String(ctx.params.documentId),
      rendition: body.rendition,
      locale,
      ip: ctx.request.ip,
    });
  },

  /**
   * GET /api/video-masters/files/:id?expires=&signature= (local storage): streams the master with
   * Range (206, 416), ETag and Last-Modified, as an attachment. 403 once expired or altered.
   */
  async file(ctx: Context) {
    const id = Number(ctx.params.id);
    if (!getService(strapi, 'links').verify(id, ctx.query.expires, ctx.query.signature)) {
      throw new errors.PolicyError('This download link has expired or is not valid. Ask for a new one.');
    }
    const file = await getService(strapi, 'downloads').fileOf(id);
    if (!file) throw new errors.NotFoundError('This video file is no longer available.');
    const { root, relative } = getService(strapi, 'storage').localFile(file.storageKey);

    const outcome = await new Promise<'sent' | SendError>((resolve) => {
      const stream = send(ctx.req, relative, { root, etag: true, lastModified: true, acceptRanges: true, cacheControl: false });
      stream.on('headers', (res) => {
        res.setHeader('Content-Disposition', attachment(file.filename));
        res.setHeader('Cache-Control', 'private, no-store');
      });
      stream.on('error', (error: SendError) => resolve(error));
      ctx.res.once('finish', () => resolve('sent'));
      ctx.res.once('close', () => resolve('sent'));
      // koa starts every answer at 404; send sets only the statuses other than 200 (206, 304…).
      ctx.res.statusCode = 200;
      stream.pipe(ctx.res);
    });
    if (outcome === 'sent') {
      ctx.respond = false;
      return;
    }
    if (outcome.status === 416) {
      ctx.set(outcome.headers ?? {});
      ctx.status = 416;
      ctx.body = { data: null, error: { status: 416, name: 'RangeNotSatisfiableError', message: 'The requested range is outside the file.', details: {} } };
      return;
    }
    if (outcome.status === 404) throw new errors.NotFoundError('This video file is no longer available.');
    throw outcome;
  },
});

export default downloads;
