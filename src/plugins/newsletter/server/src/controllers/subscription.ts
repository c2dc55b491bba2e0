import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { staffView } from '../services/directory';
import type { Locale } from '../services/mailer';
import type { Account, Subscriber } from '../services/subscribers';
import { getService } from '../utils/get-service';
import { confirmBody, subscribeBody, unsubscribeInput, validate } from '../validation';

/** What an account sees of its own subscription: what staff see, less the row's id and address. */
const view = (row: Subscriber | null) => {
  if (!row) return null;
  const { id: _id, email: _email, name: _name, ...own } = staffView(row);
  return own;
};

const subscription = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/newsletter/subscribe: an account at once (200); a visitor by double opt-in (202). */
  async subscribe(ctx: Context) {
    const body = await validate(subscribeBody)(ctx.request.body ?? {});
    const account = ctx.state.user as Account | undefined;
    if (account) {
      await getService(strapi, 'subscribers').subscribeAccount(account, body.locale as Locale | undefined);
      ctx.body = { status: 'subscribed' };
      return;
    }
    if (!body.email) throw new errors.ValidationError('email is required', { errors: [{ path: ['email'], message: 'email is required' }] });
    await getService(strapi, 'subscribers').request(body.email, (body.locale as Locale | undefined) ?? 'en');
    ctx.status = 202;
    ctx.body = { status: 'pending' };
  },

  /** POST /api/newsletter/confirm */
  async confirm(ctx: Context) {
    const body = await validate(confirmBody)(ctx.request.body);
    await getService(strapi, 'subscribers').confirm(body.token);
    ctx.body = { status: 'subscribed' };
  },

  /** POST /api/newsletter/unsubscribe?token=… (RFC 8058 one-click) or JSON {token}: no login, no redirect. */
  async unsubscribe(ctx: Context) {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const input = await validate(unsubscribeInput)({ ...body, token: body.token ?? ctx.query.token });
    await getService(strapi, 'subscribers').unsubscribe(input.token);
    ctx.body = { status: 'unsubscribed' };
  },

  /** GET /api/newsletter/subscription: the logged-in account's own subscription, or null. */
  async mine(ctx: Context) {
    const row = await getService(strapi, 'subscribers').ofAccount(ctx.state.user as Account);
    ctx.body = { data: view(row) };
  },

  /** DELETE /api/newsletter/subscription */
  async leave(ctx: Context) {
    await getService(strapi, 'subscribers').unsubscribeAccount(ctx.state.user as Account);
    ctx.body = { status: 'unsubscribed' };
  },
});

export default subscription;
