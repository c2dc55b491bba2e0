import path from 'node:path';
import './isolate-env';

/** Compiles the TypeScript app (and local plugins) into dist/ once for the whole run. */
export default async function globalSetup(): Promise<void> {
  const appDir = path.resolve(__dirname, '..', '..');
  const { compileStrapi } = await import('@strapi/strapi');
  await compileStrapi({ appDir });
}
