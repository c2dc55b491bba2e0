import path from 'node:path';
import { buildChangedPlugins } from './build-plugins';
import './isolate-env';

/** Builds the plugin packages that changed, then compiles the TypeScript app into dist/, once for the whole run. */
export default async function globalSetup(): Promise<void> {
  const appDir = path.resolve(__dirname, '..', '..');
  buildChangedPlugins();
  const { compileStrapi } = await import('@strapi/strapi');
  await compileStrapi({ appDir });
}
