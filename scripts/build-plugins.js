#!/usr/bin/env node
/*
 * The app runs its plugins as any app would: from each package's built `dist/`, made by
 * `@strapi/sdk-plugin` (`npm run build` in the package). This builds the packages whose sources
 * changed since their last build (all of them with --force), so that `npm install`, `npm test`,
 * `npm run develop` and `npm run build` never run a stale plugin.
 * Used as a script (npm's postinstall and pre* hooks) and by the test suites' global setup.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pluginsDir = path.join(root, 'src', 'plugins');
/** Written after a build (outside dist/, which is packed); a source newer than it means the build is stale. */
const stampOf = (dir) => path.join(root, 'node_modules', '.cache', 'newsreel-plugins', `${path.basename(dir)}.built`);
const SOURCES = ['server', 'admin', 'templates', 'package.json'];

/** The newest modification time under `target` (a file or a folder), or 0 when it is absent. */
const newest = (target) => {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
};

/** The plugin packages of this app: folders of src/plugins/ with a `./strapi-server` export. */
const packages = () =>
  fs
    .readdirSync(pluginsDir)
    .sort()
    .map((id) => path.join(pluginsDir, id))
    .filter((dir) => {
      try {
        return Boolean(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).exports?.['./strapi-server']);
      } catch {
        return false;
      }
    });

/** The files a package's exports point at (dist/server/index.js, dist/admin/index.mjs…). */
const exportedFiles = (dir) => {
  const { exports } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return Object.values(exports)
    .flatMap((target) => (typeof target === 'string' ? [target] : Object.entries(target).filter(([condition]) => condition !== 'source').map(([, file]) => file)))
    .map((file) => path.join(dir, file));
};

const isStale = (dir) => {
  const stamp = newest(stampOf(dir));
  return stamp === 0 || !exportedFiles(dir).every((file) => fs.existsSync(file)) || SOURCES.some((source) => newest(path.join(dir, source)) > stamp);
};

/** Builds the stale packages (or all); throws naming the package whose build failed. */
const buildPlugins = ({ force = false, quiet = false } = {}) => {
  const built = [];
  for (const dir of packages()) {
    if (!force && !isStale(dir)) continue;
    const name = path.basename(dir);
    const started = Date.now();
    const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(`${result.stdout}${result.stderr}`);
      throw new Error(`The plugin ${name} did not build (npm run build in ${path.relative(root, dir)} exited ${result.status}).`);
    }
    // vite-plugin-dts reports type errors but still succeeds, leaving the package without its types.
    const typeErrors = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /error.*TS\d+:/.test(line));
    if (typeErrors.length > 0) {
      process.stderr.write(`${[...new Set(typeErrors)].join('\n')}\n`);
      throw new Error(`The plugin ${name} built, but its type declarations did not: fix the errors above.`);
    }
    fs.mkdirSync(path.dirname(stampOf(dir)), { recursive: true });
    fs.writeFileSync(stampOf(dir), `${new Date().toISOString()}\n`);
    built.push(name);
    if (!quiet) console.log(`plugin ${name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (!quiet && built.length === 0) console.log('plugins: every build is up to date');
  return built;
};

module.exports = { buildPlugins };

if (require.main === module) {
  const sdk = path.join(root, 'node_modules', '@strapi', 'sdk-plugin');
  if (!fs.existsSync(sdk)) {
    // An install without devDependencies (npm ci --omit=dev) cannot build: it must ship dist/.
    const missing = packages().filter((dir) => !exportedFiles(dir).every((file) => fs.existsSync(file)));
    if (missing.length === 0) process.exit(0);
    console.error(`@strapi/sdk-plugin is not installed, and these plugins are not built: ${missing.map((dir) => path.basename(dir)).join(', ')}. Install with devDependencies.`);
    process.exit(1);
  }
  try {
    buildPlugins({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
