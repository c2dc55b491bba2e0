import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildChangedPlugins } from './build-plugins';
import './isolate-env';

/** Builds the plugin packages that changed, compiles the app and builds the admin panel (which bundles the plugins' admin parts) once. */
export default async function globalSetup(): Promise<void> {
  const appDir = path.resolve(__dirname, '..', '..');
  buildChangedPlugins();
  execFileSync(process.execPath, [path.join(appDir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'build'], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
    stdio: 'inherit',
  });
}
