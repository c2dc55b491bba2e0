import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { requestLocale } from '../utils/locale';
import { validateCheckBody } from '../validation/check';

const policy = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /api/password-policy: the active rules, for a live checklist. */
  describe(ctx: Context) {
    ctx.body = getService(strapi, 'policy').describe(requestLocale(ctx));
  },

  /** POST /api/password-policy/check: which rules a candidate password fails. Never logs it. */
  async check(ctx: Context) {
    const { password, email, username } = await validateCheckBody(ctx.request.body);
    const failures = getService(strapi, 'policy').check(password, { email, username });
    ctx.body = { valid: failures.length === 0, failures };
  },
});

export default policy;
