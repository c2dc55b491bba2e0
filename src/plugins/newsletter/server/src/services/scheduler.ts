import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { NewsletterConfig } from '../config';
import { getService } from '../utils/get-service';
import { NothingToSend } from './campaigns';

const CAMPAIGN = 'plugin::newsletter.campaign';

interface Due {
  id: number;
  scheduledAt: string | number;
  digestOccurrence: string | number | null;
}

/** Why a due campaign could not start, told to staff; null for a passing fault (another try comes). */
const refusalOf = (error: unknown): { status: 'skipped' | 'missed'; reason: string } | null => {
  if (error instanceof NothingToSend) return { status: 'skipped', reason: `Not sent at its time: ${error.message}` };
  const exposed = error as { expose?: boolean; status?: number; message?: string };
  if (error instanceof errors.ApplicationError || error instanceof errors.ValidationError || (exposed.expose && Number(exposed.status) < 500)) {
    return { status: 'missed', reason: `Could not start at its time: ${exposed.message}` };
  }
  return null;
};

/**
 * Scheduled campaigns, in the plugin's own poll (a fresh Strapi app has no cron): each process
 * looks every `sending.pollMs` for campaigns whose time has come. A campaign later than
 * `missedAfterMinutes` (every process was down) becomes `missed` and waits for staff. A due one is
 * claimed for `startLeaseSeconds` by one conditional UPDATE; the claimant starts it (again a
 * conditional UPDATE from `scheduled`), and a claimant that dies leaves the claim to lapse.
 */
const scheduler = ({ strapi }: { strapi: Core.Strapi }) => {
  const campaigns = () => strapi.db.query(CAMPAIGN);
  const config = () => strapi.config.get('plugin::newsletter') as NewsletterConfig;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  /** Marks `missed` the scheduled campaigns whose time passed too long ago. */
  const markMissed = async (now: number) => {
    const minutes = config().scheduling.missedAfterMinutes;
    const late = (await campaigns().findMany({
      where: { status: 'scheduled', scheduledAt: { $lt: new Date(now - minutes * 60_000) } },
      select: ['id', 'scheduledAt'],
    })) as Due[];
    for (const campaign of late) {
      const { count } = await campaigns().updateMany({
        where: { id: campaign.id, status: 'scheduled' },
        data: {
          status: 'missed',
          startLeaseUntil: null,
          statusReason: `Not sent: its time passed more than ${minutes} minutes ago while no server process was running. Send it now, reschedule it or drop it.`,
        },
      });
      if (count === 1) strapi.log.warn(`[newsletter] campaign ${campaign.id} missed its time (${new Date(campaign.scheduledAt).toISOString()}); it waits for staff`);
    }
  };

  /** Claims the start of one due campaign; true when this process got it. */
  const claim = async (id: number, now: number) => {
    const { count } = await campaigns().updateMany({
      where: {
        id,
        status: 'scheduled',
        scheduledAt: { $lte: new Date(now) },
        $or: [{ startLeaseUntil: null }, { startLeaseUntil: { $lt: now } }],
      },
      data: { startLeaseUntil: now + config().scheduling.startLeaseSeconds * 1000 },
    });
    return count === 1;
  };

  const fire = async (campaign: Due) => {
    try {
      await getService(strapi, 'campaigns').start(campaign.id, ['scheduled']);
      strapi.log.info(`[newsletter] scheduled campaign ${campaign.id} started`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) {
        // The claim lapses and this or another process tries again (until it is too late).
        strapi.log.error(`[newsletter] scheduled campaign ${campaign.id} could not start: ${(error as Error).message}`);
        return;
      }
      await campaigns().updateMany({
        where: { id: campaign.id, status: 'scheduled' },
        data: { status: refusal.status, statusReason: refusal.reason, startLeaseUntil: null },
      });
      strapi.log.warn(`[newsletter] scheduled campaign ${campaign.id} ${refusal.status}: ${refusal.reason}`);
    }
  };

  return {
    /** One round: the digest's occurrence if one is due, the missed ones, then every due campaign. */
    async tick(): Promise<void> {
      await getService(strapi, 'digest').tick();
      const now = Date.now();
      await markMissed(now);
      const due = (await campaigns().findMany({
        where: { status: 'scheduled', scheduledAt: { $lte: new Date(now) } },
        select: ['id', 'scheduledAt', 'digestOccurrence'],
        orderBy: { scheduledAt: 'asc' },
      })) as Due[];
      for (const campaign of due) {
        if (stopped) return;
        if (await claim(campaign.id, now)) await fire(campaign);
      }
    },

    /** Runs a round now unless one is under way. */
    wake(): Promise<void> | undefined {
      if (stopped || running) return running;
      running = this.tick()
        .catch((error: Error) => {
          strapi.log.error(`[newsletter] scheduler: ${error.message}`);
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },

    /** Starts this process's scheduler with its sender (both off with `sending.worker: false`). */
    start(): void {
      if (!config().sending.worker || !stopped) return;
      stopped = false;
      timer = setInterval(() => void this.wake(), config().sending.pollMs);
      timer.unref();
      void this.wake();
    },

    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
};

export type SchedulerService = ReturnType<typeof scheduler>;
export default scheduler;
