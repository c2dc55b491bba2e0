import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { isPasswordGiven, normalise } from '../rules';
import { getService } from '../utils/get-service';
import { currentLocale, requestLocale } from '../utils/locale';

type Attributes = Record<string, unknown>;

interface AdminUserService {
  create(attributes: Attributes): Promise<unknown>;
  updateById(id: unknown, attributes: Attributes): Promise<unknown>;
  findOne(id: unknown, populate?: unknown): Promise<{ email?: string } | null>;
}

/**
 * Admin-panel users (first admin, invited admins, password resets, profile edits) all reach the
 * database through `admin::user`'s `create` and `updateById`; wrapping both enforces the policy
 * on every admin path, with the admin's email known.
 */
export const enforceOnAdminUsers = (strapi: Core.Strapi): void => {
  strapi.get('services').extend('admin::user', (service: AdminUserService) => {
    const checked = (attributes: Attributes, email: unknown): Attributes => {
      if (!('password' in attributes)) return attributes;
      getService(strapi, 'policy').assert(attributes.password, { email }, currentLocale(strapi));
      return { ...attributes, password: normalise(attributes.password as string) };
    };
    return {
      ...service,
      create: (attributes: Attributes) => service.create(checked(attributes, attributes.email)),
      async updateById(id: unknown, attributes: Attributes) {
        if (!('password' in attributes)) return service.updateById(id, attributes);
        const email = attributes.email ?? (await service.findOne(id))?.email;
        return service.updateById(id, checked(attributes, email));
      },
    };
  });
};

type Handler = (ctx: Context) => Promise<unknown>;

/**
 * `PUT /admin/users/me` ends the admin's sessions before it saves the new password, so a refusal
 * from the service would log the admin out for nothing. The policy is applied before that, with
 * the logged-in admin's email.
 */
export const enforceOnAdminProfile = (strapi: Core.Strapi): void => {
  strapi.get('controllers').extend('admin::authenticated-user', (controller: { updateMe: Handler }) => ({
    ...controller,
    async updateMe(ctx: Context) {
      const body = (ctx.request.body ?? {}) as Attributes;
      if (isPasswordGiven(body.password)) {
        const email = body.email ?? (ctx.state.user as { email?: string } | undefined)?.email;
        getService(strapi, 'policy').assert(body.password, { email }, requestLocale(ctx));
      }
      return controller.updateMe(ctx);
    },
  }));
};
