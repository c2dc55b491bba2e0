import type { Core } from '@strapi/strapi';
import type { AccountsService } from '../services/accounts';
import type { CodesService } from '../services/codes';
import type { MailerService } from '../services/mailer';
import type { SessionsService } from '../services/sessions';

interface Services {
  accounts: AccountsService;
  codes: CodesService;
  mailer: MailerService;
  sessions: SessionsService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('signup-verification').service(name) as Services[Name];
