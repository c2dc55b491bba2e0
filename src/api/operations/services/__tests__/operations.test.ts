import type { Core } from '@strapi/strapi';
import { lifecycleOf } from '../../../../operations/lifecycle';
import operations from '../operations';

/** Readiness against a stubbed Strapi: the database's answer is what varies. */
const stub = (raw: () => Promise<unknown>) => {
  const warnings: string[] = [];
  const strapi = {
    db: { connection: { raw } },
    log: { warn: (line: string) => warnings.push(line), info: () => undefined },
    config: { get: () => ({ metricsToken: null, shutdownTimeoutSeconds: 25, shutdownGraceSeconds: 0 }) },
  } as unknown as Core.Strapi;
  return { strapi, warnings };
};

describe('readiness', () => {
  it('is unavailable while booting, then ready when the database answers', async () => {
    const { strapi } = stub(async () => [{ '?column?': 1 }]);
    const service = operations({ strapi });
    expect(await service.readiness()).toEqual({ status: 'unavailable', failing: 'boot', message: 'This process is still starting.' });
    lifecycleOf(strapi).ready();
    expect(await service.readiness()).toEqual({ status: 'ready' });
  });

  it('names the database when it fails, without the driver message, which goes to the log', async () => {
    const { strapi, warnings } = stub(async () => {
      throw new Error('password authentication failed for user "newsreel" at db.internal');
    });
    lifecycleOf(strapi).ready();
    const answer = await operations({ strapi }).readiness();
    expect(answer).toEqual({ status: 'unavailable', failing: 'database', message: 'The database does not answer.' });
    expect(JSON.stringify(answer)).not.toContain('db.internal');
    expect(warnings.join('\n')).toContain('password authentication failed');
  });

  it('names the database when it does not answer in time', async () => {
    jest.useFakeTimers();
    try {
      const { strapi } = stub(() => new Promise(() => undefined));
      lifecycleOf(strapi).ready();
      const pending = operations({ strapi }).readiness();
      await jest.advanceTimersByTimeAsync(2000);
      expect(await pending).toMatchObject({ status: 'unavailable', failing: 'database' });
    } finally {
      jest.useRealTimers();
    }
  });
});
