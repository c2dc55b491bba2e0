import type { Server } from 'node:http';
import net from 'node:net';
import type { Core } from '@strapi/strapi';
import type { OperationsConfig } from './config';
import { stopBackgroundWork } from './background-work';

/** booting → ready (bootstrap done, listening) → draining (told to stop). */
export type Phase = 'booting' | 'ready' | 'draining';

export interface Lifecycle {
  phase(): Phase;
  /** Requests this process is answering now. */
  inFlight(): number;
  /** Counts the server's requests; while draining, each answer closes its connection. */
  watch(server: Server): void;
  /** Boot is done: readiness may answer 200. */
  ready(): void;
  /**
   * Stops this process gently (SIGTERM): readiness answers 503 at once while the listener stays
   * open for the grace period; background work stops claiming and hands back what it holds;
   * then the listener closes, and requests in flight and open connections are waited for, all
   * within the timeout.
   */
  drain(): Promise<void>;
}

const lifecycles = new WeakMap<Core.Strapi, Lifecycle>();

/**
 * Stops accepting connections and resolves once every open one has ended. Not `http.Server#close`:
 * since Node 19 it also drops idle kept-alive connections at once, and one a proxy is writing a
 * request into at that moment would be reset (a POST would then fail at the proxy, which may not
 * send it again). Here each open connection ends after its next answer (`Connection: close`), or
 * when Node's keep-alive timeout closes it idle; what is still open at the deadline is destroyed
 * by Strapi's own shutdown.
 */
const stopAccepting = (server: Server) => new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());

const create = (strapi: Core.Strapi): Lifecycle => {
  let phase: Phase = 'booting';
  let inFlight = 0;
  let server: Server | undefined;
  let draining: Promise<void> | undefined;
  const waiters = new Set<() => void>();
  const idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.add(resolve)));
  const config = () => strapi.config.get('operations') as OperationsConfig;

  const drain = async () => {
    const { shutdownTimeoutSeconds, shutdownGraceSeconds } = config();
    const started = Date.now();
    const deadline = started + shutdownTimeoutSeconds * 1000;
    phase = 'draining';
    strapi.log.info(`[shutdown] draining: readiness answers 503; work in hand and requests in flight get up to ${shutdownTimeoutSeconds} s`);
    const work = stopBackgroundWork(strapi, deadline).catch((error: Error) => strapi.log.error(`[shutdown] stopping background work: ${error.message}`));
    // Load balancers that poll readiness see the 503 before connections are refused.
    await sleep(shutdownGraceSeconds * 1000);
    const closed = server?.listening ? stopAccepting(server) : Promise.resolve();
    const finished = await Promise.race([Promise.all([work, idle(), closed]).then(() => true), sleep(deadline - Date.now()).then(() => false)]);
    if (!finished) {
      strapi.log.warn(`[shutdown] ${inFlight} request(s) still running after ${shutdownTimeoutSeconds} s; their connections are closed`);
    }
    strapi.log.info(`[shutdown] drained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };

  return {
    phase: () => phase,
    inFlight: () => inFlight,
    watch(target) {
      server = target;
      target.prependListener('request', (_request, response) => {
        inFlight += 1;
        // A kept-alive connection to a stopping process would carry the next request to it.
        if (phase === 'draining') response.setHeader('Connection', 'close');
        response.once('close', () => {
          inFlight -= 1;
          if (inFlight === 0) {
            for (const resolve of waiters) resolve();
            waiters.clear();
          }
        });
      });
    },
    ready() {
      if (phase === 'booting') phase = 'ready';
    },
    drain() {
      draining ??= drain();
      return draining;
    },
  };
};

export const lifecycleOf = (strapi: Core.Strapi): Lifecycle => {
  let lifecycle = lifecycles.get(strapi);
  if (!lifecycle) {
    lifecycle = create(strapi);
    lifecycles.set(strapi, lifecycle);
  }
  return lifecycle;
};

/**
 * Takes SIGTERM over from Strapi, whose handler destroys at once (closing every connection,
 * requests in flight included): this one drains first, then destroys and exits 0. SIGINT (Ctrl-C
 * in a terminal) keeps Strapi's immediate stop.
 */
export const drainOnSigterm = (strapi: Core.Strapi) => {
  let received = false;
  process.removeAllListeners('SIGTERM');
  // Stays listening: a second SIGTERM (systemd and a terminal can both send one) must not fall
  // back to Node's default, which ends the process on the spot.
  process.on('SIGTERM', () => {
    if (received) return;
    received = true;
    lifecycleOf(strapi)
      .drain()
      .then(() => strapi.destroy())
      .then(
        () => process.exit(0),
        (error: Error) => {
          strapi.log.error(`[shutdown] ${error.message}`);
          process.exit(1);
        }
      );
  });
};
