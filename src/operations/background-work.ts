import type { Core } from '@strapi/strapi';

interface Stoppable {
  stop(handBackAfterMs?: number): Promise<void>;
}

/** The plugins' background workers, by plugin and service, in the order they are stopped. */
const WORKERS: [plugin: string, service: string][] = [
  // The scheduler first: it starts campaigns the sender would then take up.
  ['newsletter', 'scheduler'],
  ['newsletter', 'sender'],
  ['mail-outbox', 'outbox'],
  ['video-masters', 'processing'],
];

const workerOf = (strapi: Core.Strapi, plugin: string, service: string): Stoppable | undefined => {
  const found = strapi.plugin(plugin)?.service(service) as Partial<Stoppable> | undefined;
  return typeof found?.stop === 'function' ? (found as Stoppable) : undefined;
};

/**
 * Stops every background worker of this process, through the plugins' public services: none
 * claims outbox mails, ledger batches or uploads to probe any more, the message in hand is
 * finished, and what was claimed but not started is handed back at once, so another process takes
 * it up now rather than when its lease runs out. Work that cannot be cut short (probing a master)
 * is waited for until `deadline`, then handed back. Cron jobs are paused first.
 */
export const stopBackgroundWork = async (strapi: Core.Strapi, deadline: number): Promise<void> => {
  strapi.cron.stop();
  const stops = WORKERS.map(async ([plugin, service]) => {
    const worker = workerOf(strapi, plugin, service);
    if (!worker) return;
    try {
      await worker.stop(Math.max(0, deadline - Date.now() - 1000));
    } catch (error) {
      strapi.log.error(`[shutdown] ${plugin} ${service} did not stop cleanly: ${(error as Error).message}`);
    }
  });
  await Promise.all(stops);
};
