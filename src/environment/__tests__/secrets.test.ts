import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MissingSecretsError, resolveSecrets, SECRET_NAMES } from '../secrets';

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-secrets-')), '.env');
const all = Object.fromEntries(SECRET_NAMES.map((name) => [name, `value-of-${name}`]));

describe('resolveSecrets', () => {
  it('returns the secrets already set, writing nothing', () => {
    const envFile = tmpFile();
    expect(resolveSecrets({ env: { ...all, NODE_ENV: 'production' }, envFile })).toEqual(all);
    expect(fs.existsSync(envFile)).toBe(false);
  });

  it('throws one error naming every missing secret in production', () => {
    const env = { NODE_ENV: 'production', JWT_SECRET: 'set' };
    expect(() => resolveSecrets({ env, envFile: tmpFile() })).toThrow(MissingSecretsError);
    try {
      resolveSecrets({ env, envFile: tmpFile() });
    } catch (error) {
      expect((error as MissingSecretsError).missing).toEqual(SECRET_NAMES.filter((n) => n !== 'JWT_SECRET'));
    }
  });

  it('appends generated secrets to .env in development and keeps what was there', () => {
    const envFile = tmpFile();
    fs.writeFileSync(envFile, 'PORT=1400');
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', APP_KEYS: 'k1,k2' };
    const secrets = resolveSecrets({ env, envFile });
    const written = fs.readFileSync(envFile, 'utf8');
    expect(written.startsWith('PORT=1400\n')).toBe(true);
    expect(written).not.toMatch(/^APP_KEYS=/m);
    expect(secrets.APP_KEYS).toBe('k1,k2');
    expect(written).toContain(`ENCRYPTION_KEY=${secrets.ENCRYPTION_KEY}\n`);
    expect(env.JWT_SECRET).toBe(secrets.JWT_SECRET);
  });

  it('generates secrets in memory only under test', () => {
    const envFile = tmpFile();
    const secrets = resolveSecrets({ env: { NODE_ENV: 'test' }, envFile });
    expect(secrets.APP_KEYS.split(',')).toHaveLength(4);
    expect(fs.existsSync(envFile)).toBe(false);
  });
});

describe('resolveSecrets while building', () => {
  it('lets a production build through without secrets, generating none', () => {
    const envFile = tmpFile();
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', JWT_SECRET: 'set' };
    const secrets = resolveSecrets({ env, envFile, enforce: false });
    expect(secrets.JWT_SECRET).toBe('set');
    expect(secrets.APP_KEYS).toBe('');
    expect(env.APP_KEYS).toBeUndefined();
    expect(fs.existsSync(envFile)).toBe(false);
  });
});
