import type { Core } from '@strapi/strapi';
import type { AssetsService } from '../services/assets';
import type { DownloadsService } from '../services/downloads';
import type { LinksService } from '../services/links';
import type { ProbeService } from '../services/probe';
import type { ProcessingService } from '../services/processing';
import type { RecordsService } from '../services/records';
import type { StorageService } from '../services/storage';
import type { UploadsService } from '../services/uploads';

interface Services {
  assets: AssetsService;
  downloads: DownloadsService;
  links: LinksService;
  probe: ProbeService;
  processing: ProcessingService;
  records: RecordsService;
  storage: StorageService;
  uploads: UploadsService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('video-masters').service(name) as Services[Name];
