import type { Core } from '@strapi/strapi';
import { operationsConfig } from '../src/operations/config';

/** Readiness, graceful shutdown and metrics (src/operations/, README "Deploy" and "Metrics"). */
export default ({ env }: Core.Config.Shared.ConfigParams) =>
  operationsConfig({
    METRICS_TOKEN: env('METRICS_TOKEN'),
    SHUTDOWN_TIMEOUT_SECONDS: env('SHUTDOWN_TIMEOUT_SECONDS'),
    SHUTDOWN_GRACE_SECONDS: env('SHUTDOWN_GRACE_SECONDS'),
  });
