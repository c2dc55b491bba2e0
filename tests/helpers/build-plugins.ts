import path from 'node:path';

/** Builds the plugin packages whose sources changed since their last build (scripts/build-plugins.js). */
export const buildChangedPlugins = (): string[] =>
  (require(path.resolve(__dirname, '..', '..', 'scripts', 'build-plugins.js')) as { buildPlugins(): string[] }).buildPlugins();
