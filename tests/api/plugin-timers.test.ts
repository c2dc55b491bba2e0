import { startApp, type TestApp } from '../helpers/app';

/*
 * A freshly created Strapi app sets no `cron.enabled`. The plugins' timers (pruning, stale uploads)
 * are jobs added with `strapi.cron.add`, which Strapi 5 runs whatever `server.cron.enabled` says:
 * that setting only governs the app's own `cron.tasks`. Shown here with it turned off.
 */

const PLUGIN_JOBS = ['mail-outbox.prune', 'rate-limit.prune', 'signup-verification.prune', 'video-masters.resume-processing', 'video-masters.stale-uploads'];

interface CronJob {
  name: string | null;
  job: { isRunning(): boolean; nextRun(): Date | null };
}

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

it('runs every plugin job with server.cron.enabled false', async () => {
  app = await startApp({ configure: (strapi) => strapi.config.set('server.cron.enabled', false) });
  expect(app.strapi.config.get('server.cron.enabled')).toBe(false);
  const jobs = app.strapi.cron.jobs as unknown as CronJob[];
  const scheduled = jobs.filter((entry) => entry.name !== null && PLUGIN_JOBS.includes(entry.name));
  expect(scheduled.map((entry) => entry.name).sort()).toEqual([...PLUGIN_JOBS].sort());
  for (const entry of scheduled) {
    expect({ name: entry.name, running: entry.job.isRunning() }).toEqual({ name: entry.name, running: true });
    expect(entry.job.nextRun()).toBeInstanceOf(Date);
  }
});
