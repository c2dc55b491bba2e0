import type { Core } from '@strapi/strapi';
import type { MailerService } from '../services/mailer';
import type { SubscribersService } from '../services/subscribers';
import type { TokensService } from '../services/tokens';

interface Services {
  mailer: MailerService;
  subscribers: SubscribersService;
  tokens: TokensService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('newsletter').service(name) as Services[Name];
