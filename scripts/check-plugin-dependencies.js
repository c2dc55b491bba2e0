#!/usr/bin/env node
/*
 * Each plugin under src/plugins/ is a package other apps install: it must declare every package
 * its code imports (dependencies or peerDependencies), and the app must run it on versions its
 * ranges accept, so that what the tests prove is what a user of the package gets.
 * depcheck finds the imports (unit tests under __tests__/ run with the app's devDependencies and
 * are left out). Exits 1 and names each file and package on any problem.
 */
const fs = require('node:fs');
const path = require('node:path');
const depcheck = require('depcheck');
const semver = require('semver');

const root = path.resolve(__dirname, '..');
const pluginsDir = path.join(root, 'src', 'plugins');

/** The version of `name` the app has installed, or undefined. */
const installed = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

const main = async () => {
  const problems = [];
  for (const id of fs.readdirSync(pluginsDir).sort()) {
    const dir = path.join(pluginsDir, id);
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    const declared = { ...pkg.dependencies, ...pkg.peerDependencies };
    const result = await depcheck(dir, {
      package: { dependencies: declared },
      ignorePatterns: ['__tests__', 'dist', 'node_modules', 'templates', 'tsconfig*.json'],
      // Type-only imports of `koa` (its Context) come with Strapi's own types; checked below.
      ignoreMatches: ['koa'],
    });
    for (const [name, files] of Object.entries(result.using)) {
      if (name !== 'koa') continue;
      for (const source of files) {
        const runtime = fs.readFileSync(source, 'utf8').split('\n').filter((line) => /from 'koa'/.test(line) && !/^import type /.test(line));
        if (runtime.length > 0) problems.push(`${pkg.name} imports koa at run time in ${path.relative(root, source)}: only its types may be used`);
      }
    }
    for (const [name, files] of Object.entries(result.missing)) {
      problems.push(`${pkg.name} imports ${name} without declaring it (${files.map((f) => path.relative(root, f)).join(', ')})`);
    }
    for (const [name, range] of Object.entries(declared)) {
      if (name.startsWith('@newsreel/')) continue;
      const version = installed(name);
      if (version === undefined) problems.push(`${pkg.name} declares ${name} ${range}, which the app does not install`);
      else if (!semver.satisfies(version, range)) problems.push(`${pkg.name} declares ${name} ${range}, but the app runs it on ${version}`);
    }
    console.log(`${pkg.name}: ${Object.keys(declared).length} declared, ${Object.keys(result.missing).length} undeclared`);
  }
  if (problems.length > 0) {
    console.error(problems.map((problem) => `- ${problem}`).join('\n'));
    process.exit(1);
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
