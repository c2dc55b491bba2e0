import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { LOCALES, type Locale } from '../rules';

const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** The answer's language: `?locale=`, then a `locale` in the body, then Accept-Language; English by default. */
export const requestLocale = (ctx: Context): Locale => {
  const fromQuery = ctx.query.locale;
  if (isLocale(fromQuery)) return fromQuery;
  const fromBody = (ctx.request.body as { locale?: unknown } | undefined)?.locale;
  if (isLocale(fromBody)) return fromBody;
  const accepted = ctx.acceptsLanguages([...LOCALES]);
  return isLocale(accepted) ? accepted : 'en';
};

/** The locale of the request being served, for checks that run deep inside a service. */
export const currentLocale = (strapi: Core.Strapi): Locale => {
  const ctx = strapi.requestContext.get() as Context | undefined;
  return ctx ? requestLocale(ctx) : 'en';
};
