import type { Core } from '@strapi/strapi';
import processing from '../processing';

/**
 * processing.stop() against a stubbed Strapi: the upload being probed is held by a file read that
 * never ends, as a long SHA-256 of a big master would be.
 */
const setup = () => {
  const updates: { where: Record<string, unknown>; data: Record<string, unknown> }[] = [];
  const row = { uploadId: 'u1', status: 'processing', storageKey: 'masters/a.mov', storage: 'local', asset: 1, kind: 'broadcast-master', checksum: null };
  let reads = 0;
  const services: Record<string, unknown> = {
    uploads: { find: async () => row, transition: async () => true, leaseMs: 900_000 },
    storage: {
      read: async () => {
        reads += 1;
        return (async function* endless() {
          yield Buffer.from('part of a master');
          await new Promise(() => undefined);
        })();
      },
    },
  };
  const strapi = {
    plugin: () => ({ service: (name: string) => services[name] }),
    db: {
      query: () => ({
        updateMany: async (args: { where: Record<string, unknown>; data: Record<string, unknown> }) => {
          updates.push(args);
          return { count: 1 };
        },
        findMany: async () => [],
      }),
    },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  } as unknown as Core.Strapi;
  return { service: processing({ strapi }), updates, reads: () => reads };
};

describe('processing.stop', () => {
  it('hands back an upload still being probed once the bound has passed: its lease ends now', async () => {
    const { service, updates, reads } = setup();
    void service.process('u1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads()).toBe(1);
    const before = Date.now();
    await service.stop(50);
    expect(updates).toHaveLength(1);
    expect(updates[0].where).toEqual({ uploadId: { $in: ['u1'] }, status: 'processing' });
    expect((updates[0].data.leaseUntil as Date).getTime()).toBeLessThan(before);
  });

  it('takes no upload once stopping: one handed to it goes back at once, and expired ones are left to others', async () => {
    const { service, updates, reads } = setup();
    await service.stop();
    expect(updates).toEqual([]);
    await service.process('u2');
    expect(reads()).toBe(0);
    expect(updates.map((update) => update.where)).toEqual([{ uploadId: { $in: ['u2'] }, status: 'processing' }]);
    expect(await service.resumeExpired()).toBe(0);
  });
});
