import type { Core } from '@strapi/strapi';
import type { PolicyService } from '../services/policy';

interface Services {
  policy: PolicyService;
}

/** The plugin's services, typed. */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin('password-policy').service(name) as Services[Name];
