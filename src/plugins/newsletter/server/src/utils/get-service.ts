import type { Core } from '@strapi/strapi';
import type { DirectoryService } from '../services/directory';
import type { MailerService } from '../services/mailer';
import type { SubscribersService } from '../services/subscribers';
import type { TokensService } from '../services/tokens';
import type { TransferService } from '../services/transfer';

interface Services {
  directory: DirectoryService;
  mailer: MailerService;
  subscribers: SubscribersService;
  tokens: TokensService;
  transfer: TransferService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('newsletter').service(name) as Services[Name];
