import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/app';
import { SHIPPED_SITE } from './stack';

/*
 * The shipped deployment files agree with each other and with README.md: every setting has its
 * line in an env template, systemd waits longer than the app's own shutdown bound, and the grace
 * period outlasts nginx's idle upstream connections.
 */

const read = (...parts: string[]) => fs.readFileSync(path.join(ROOT, ...parts), 'utf8');
const ENV_EXAMPLE = read('deploy', 'newsreel.env.example');
/** What one process does differently (MAIL_WORKER, NEWSLETTER_WORKER). */
const PROCESS_ENV_EXAMPLE = read('deploy', 'newsreel-1337.env.example');
const UNIT = read('deploy', 'systemd', 'newsreel@.service');
const SITE = fs.readFileSync(SHIPPED_SITE, 'utf8');

/** The variables named in the first column of README's "Configuration" table. */
const readmeSettings = () => {
  const readme = read('README.md');
  const start = readme.indexOf('\n## Configuration\n');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start).toBeGreaterThan(-1);
  const names = readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]));
  return [...new Set(names)];
};

/** The value a line `NAME=value` of the env template gives (not a commented one). */
const exampleValue = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(ENV_EXAMPLE)?.[1];

it('has a line for every setting of README\'s Configuration table in the env templates', () => {
  const settings = readmeSettings();
  expect(settings.length).toBeGreaterThan(50);
  const missing = settings.filter((name) => ![ENV_EXAMPLE, PROCESS_ENV_EXAMPLE].some((file) => new RegExp(`^#?${name}=`, 'm').test(file)));
  expect(missing).toEqual([]);
});

it('gives systemd more time to stop a process than the app gives itself', () => {
  const stopSeconds = Number(/^TimeoutStopSec=(\d+)s$/m.exec(UNIT)?.[1]);
  expect(stopSeconds).toBeGreaterThan(Number(exampleValue('SHUTDOWN_TIMEOUT_SECONDS')));
  // The app's default, when the setting is left out.
  expect(stopSeconds).toBeGreaterThan(25);
});

it('keeps a stopping process listening longer than nginx keeps an idle connection to it', () => {
  const keepalive = Number(/^\s*keepalive_timeout (\d+)s;$/m.exec(SITE)?.[1]);
  expect(keepalive).toBeGreaterThan(0);
  expect(Number(exampleValue('SHUTDOWN_GRACE_SECONDS'))).toBeGreaterThan(keepalive);
  expect(Number(exampleValue('SHUTDOWN_GRACE_SECONDS'))).toBeLessThanOrEqual(Number(exampleValue('SHUTDOWN_TIMEOUT_SECONDS')));
});
