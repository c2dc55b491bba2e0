import type { Core } from '@strapi/strapi';
import type { DownloadsService } from '../services/downloads';
import type { LinksService } from '../services/links';
import type { RecordsService } from '../services/records';
import type { StorageService } from '../services/storage';

interface Services {
  downloads: DownloadsService;
  links: LinksService;
  records: RecordsService;
  storage: StorageService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('video-masters').service(name) as Services[Name];
