import { z } from 'zod';

export default {
  type: 'content-api',
  routes: [
    {
      // For load balancers; Strapi's /_health stays the liveness check.
      method: 'GET',
      path: '/health/ready',
      handler: 'operations.ready',
      response: z.object({ status: z.literal('ready') }).describe('This process has booted and its database answers'),
      config: { auth: false },
    },
    {
      // Prometheus; the service checks METRICS_TOKEN (404 when it is unset).
      method: 'GET',
      path: '/metrics',
      handler: 'operations.metrics',
      config: { auth: false },
    },
  ],
};
