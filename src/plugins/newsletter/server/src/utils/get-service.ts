import type { Core } from '@strapi/strapi';
import type { CampaignsService } from '../services/campaigns';
import type { ComposerService } from '../services/composer';
import type { DigestService } from '../services/digest';
import type { DirectoryService } from '../services/directory';
import type { EventsService } from '../services/events';
import type { LedgerService } from '../services/ledger';
import type { MailerService } from '../services/mailer';
import type { ReportsService } from '../services/reports';
import type { SchedulerService } from '../services/scheduler';
import type { SenderService } from '../services/sender';
import type { SubscribersService } from '../services/subscribers';
import type { TokensService } from '../services/tokens';
import type { TransferService } from '../services/transfer';
import type { VerpService } from '../services/verp';
import type { WebhooksService } from '../services/webhooks';

interface Services {
  campaigns: CampaignsService;
  composer: ComposerService;
  digest: DigestService;
  directory: DirectoryService;
  events: EventsService;
  ledger: LedgerService;
  mailer: MailerService;
  reports: ReportsService;
  scheduler: SchedulerService;
  sender: SenderService;
  subscribers: SubscribersService;
  tokens: TokensService;
  transfer: TransferService;
  verp: VerpService;
  webhooks: WebhooksService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('newsletter').service(name) as Services[Name];
