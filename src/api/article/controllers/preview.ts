import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { PreviewService } from '../services/preview';

/** POST /api/article-previews {token}: the draft a preview token names (see services/preview.ts). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: Context) {
    const token = (ctx.request.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      throw new errors.ValidationError('token is required', { errors: [{ path: ['token'], message: 'token is required' }] });
    }
    const answer = await (strapi.service('api::article.preview') as PreviewService).draft(token);
    // Drafts are never kept by a browser or a shared cache.
    ctx.set('Cache-Control', 'no-store');
    // 400 as for the newsletter's links (Strapi's router turns a controller's 401 into a bare one).
    if (!answer.valid) {
      throw new errors.ValidationError('This preview link is not valid or has expired; open the preview again from the admin.', {
        errors: [{ path: ['token'], message: 'not valid or expired' }],
      });
    }
    if (!answer.found) throw new errors.NotFoundError('This story has no draft in this language any more.');
    ctx.body = { data: answer.data };
  },
});
