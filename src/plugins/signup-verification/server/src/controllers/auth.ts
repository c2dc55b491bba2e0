import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Purpose, SignupVerificationConfig } from '../config';
import type { Locale } from '../services/mailer';
import { getService } from '../utils/get-service';
import { safeReturnTo } from '../utils/return-to';
import { emailBody, forgotBody, registerBody, resendBody, resetBody, validate, verifyBody } from '../validation';

const USER = 'plugin::users-permissions.user';

const auth = ({ strapi }: { strapi: Core.Strapi }) => {
  const origins = () => (strapi.config.get('plugin::signup-verification') as SignupVerificationConfig).frontendOrigins;

  return {
    /** POST /api/auth/local/register: the same answer for every well-formed request; never a JWT. */
    async register(ctx: Context) {
      const body = await validate(registerBody)(ctx.request.body);
      await getService(strapi, 'accounts').register({
        ...body,
        locale: body.locale as Locale | undefined,
        returnTo: safeReturnTo(body.returnTo, origins()),
      });
      ctx.body = { status: 'verification-pending', email: body.email };
    },

    /** POST /api/auth/verify-email: confirms the account and logs the user in. */
    async verifyEmail(ctx: Context) {
      const body = await validate(verifyBody)(ctx.request.body);
      const { user, tokens, returnTo } = await getService(strapi, 'accounts').verifyEmail(body.email, body.code);
      const sanitized = await strapi.contentAPI.sanitize.output(user, strapi.getModel(USER), { auth: ctx.state.auth });
      ctx.body = { ...tokens, user: sanitized, ...(returnTo ? { returnTo } : {}) };
    },

    /** POST /api/auth/resend-code */
    async resendCode(ctx: Context) {
      const body = await validate(resendBody)(ctx.request.body);
      await getService(strapi, 'accounts').resendCode(body.email, body.purpose as Purpose);
      ctx.body = { status: 'sent' };
    },

    /** POST /api/auth/forgot-password: the same answer for any email. */
    async forgotPassword(ctx: Context) {
      const body = await validate(forgotBody)(ctx.request.body);
      await getService(strapi, 'accounts').forgotPassword(body.email, safeReturnTo(body.returnTo, origins()));
      ctx.body = { status: 'sent' };
    },

    /** POST /api/auth/reset-password: no JWT; the user logs in again. */
    async resetPassword(ctx: Context) {
      const body = await validate(resetBody)(ctx.request.body);
      const { returnTo } = await getService(strapi, 'accounts').resetPassword(body.email, body.code, body.password);
      ctx.body = { status: 'password-updated', ...(returnTo ? { returnTo } : {}) };
    },

    /** POST /api/auth/send-email-confirmation (users-permissions' own resend): a new signup code. */
    async sendEmailConfirmation(ctx: Context) {
      const body = await validate(emailBody)(ctx.request.body);
      await getService(strapi, 'accounts').resendCode(body.email, 'signup');
      ctx.body = { status: 'sent' };
    },

    /** GET /api/auth/email-confirmation: confirms nothing; accounts are verified by code. */
    async emailConfirmation(ctx: Context) {
      ctx.status = 410;
      ctx.body = {
        data: null,
        error: {
          status: 410,
          name: 'GoneError',
          message: 'Email links are not used: enter the 6-digit code with POST /api/auth/verify-email.',
          details: {},
        },
      };
    },
  };
};

export type AuthController = ReturnType<typeof auth>;
export default auth;
