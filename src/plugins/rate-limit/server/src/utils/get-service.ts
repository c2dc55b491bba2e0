import type { Core } from '@strapi/strapi';
import type { LimiterService } from '../services/limiter';

interface Services {
  limiter: LimiterService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('rate-limit').service(name) as Services[Name];
