import type { Core } from '@strapi/strapi';

const LEVELS = ['http', 'info', 'debug', 'warn', 'error'] as const;

/**
 * Runs `work` while recording every line Strapi logs; each call still reaches the real logger.
 * For tests that prove a secret never reaches a log.
 */
export const captureLogs = async <T>(strapi: Core.Strapi, work: () => Promise<T>) => {
  const lines: string[] = [];
  const spies = LEVELS.map((level) => {
    const original = strapi.log[level].bind(strapi.log) as (...args: unknown[]) => unknown;
    return jest.spyOn(strapi.log, level).mockImplementation(((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
      return original(...args);
    }) as never);
  });
  try {
    return { result: await work(), lines };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
};
