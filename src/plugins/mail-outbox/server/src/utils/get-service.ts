import type { Core } from '@strapi/strapi';
import type { OutboxService } from '../services/outbox';
import type { TemplatesService } from '../services/templates';

interface Services {
  outbox: OutboxService;
  templates: TemplatesService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('mail-outbox').service(name) as Services[Name];
