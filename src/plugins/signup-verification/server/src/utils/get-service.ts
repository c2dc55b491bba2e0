import type { Core } from '@strapi/strapi';
import type { AccountsService } from '../services/accounts';
import type { ClockService } from '../services/clock';
import type { CodesService } from '../services/codes';
import type { MailerService } from '../services/mailer';

interface Services {
  accounts: AccountsService;
  clock: ClockService;
  codes: CodesService;
  mailer: MailerService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('signup-verification').service(name) as Services[Name];
