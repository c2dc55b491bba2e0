import { startApp, startSecondInstance, type TestApp } from '../helpers/app';
import { usesPostgres } from '../helpers/database';
import { statementsWhileGetting } from '../helpers/queries';
import { withoutPublicPermission } from '../helpers/permissions';

/*
 * The public role's permissions and i18n's default locale, read before every public request's own
 * query, are kept until the next change (src/content/response-cache.ts, `keptUntilChange`), with no
 * answer cached here (RESPONSE_CACHE_MB=0): a request reads neither, and a change made in any
 * process shows in the next answers of every process (PostgreSQL: within a second, through
 * NOTIFY; SQLite: the one process).
 */

let app: TestApp;
const PATH = '/api/articles?sort=date:asc&pagination[pageSize]=2';

beforeAll(async () => {
  app = await startApp({ seed: true, env: { RESPONSE_CACHE_MB: '0', MAIL_WORKER: 'false', NEWSLETTER_WORKER: 'false' } });
});
afterAll(async () => {
  await app?.close();
});

const locales = () => app.strapi.plugin('i18n').service('locales') as { setDefaultLocale(input: { code: string }): Promise<void> };

/** Asks `read` until `done` holds for its answer; the time it took, or Infinity after 2 s. */
const within = async <T>(read: () => Promise<T>, done: (answer: T) => boolean) => {
  const started = Date.now();
  while (Date.now() - started < 2000) {
    if (done(await read())) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Infinity;
};

it('answers a public request without reading the permissions or the default locale again', async () => {
  await app.request().get(PATH);
  const statements = (await statementsWhileGetting(app, PATH)).map((statement) => statement.sql);
  expect(statements.length).toBeGreaterThan(0);
  expect(statements.filter((sql) => /up_permissions|strapi_core_store_settings/.test(sql))).toEqual([]);
});

it('follows a revoked and a regranted public permission in the next answer', async () => {
  expect((await app.request().get(PATH)).body.data[0].topics.length).toBeGreaterThan(0);
  await withoutPublicPermission(app.strapi, 'api::topic.topic.find', async () => {
    expect((await app.request().get(PATH)).body.data[0]).not.toHaveProperty('topics');
  });
  expect((await app.request().get(PATH)).body.data[0].topics.length).toBeGreaterThan(0);
  // A type the public role may not read at all is refused again at once.
  await withoutPublicPermission(app.strapi, 'api::meeting.meeting.find', async () => {
    expect((await app.request().get('/api/meetings')).status).toBe(403);
  });
  expect((await app.request().get('/api/meetings')).status).toBe(200);
});

it('answers a request without locale in the new default locale once it changes', async () => {
  expect((await app.request().get(PATH)).body.data[0].locale).toBe('en');
  await locales().setDefaultLocale({ code: 'fr' });
  try {
    const answer = await app.request().get(PATH);
    expect(answer.body.data.map((story: { locale: string }) => story.locale)).toEqual(['fr', 'fr']);
  } finally {
    await locales().setDefaultLocale({ code: 'en' });
  }
  expect((await app.request().get(PATH)).body.data[0].locale).toBe('en');
});

it(`shows a change of permissions or default locale made ${usesPostgres() ? 'on one process to readers of another' : 'here (SQLite: the one process)'} within a second`, async () => {
  const second = usesPostgres() ? await startSecondInstance({ RESPONSE_CACHE_MB: '0' }) : undefined;
  try {
    const reader = () => (second ?? app).request().get(PATH);
    // The reader has read (and kept) the permissions and the default locale.
    expect((await reader()).body.data[0].topics.length).toBeGreaterThan(0);

    await withoutPublicPermission(app.strapi, 'api::topic.topic.find', async () => {
      expect(await within(reader, (answer) => !('topics' in answer.body.data[0]))).toBeLessThan(1000);
    });
    expect(await within(reader, (answer) => 'topics' in answer.body.data[0])).toBeLessThan(1000);

    await locales().setDefaultLocale({ code: 'fr' });
    try {
      expect(await within(reader, (answer) => answer.body.data[0].locale === 'fr')).toBeLessThan(1000);
    } finally {
      await locales().setDefaultLocale({ code: 'en' });
    }
    expect(await within(reader, (answer) => answer.body.data[0].locale === 'en')).toBeLessThan(1000);
  } finally {
    await second?.stop();
  }
});
