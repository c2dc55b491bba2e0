import { createApiToken, startApp, startSecondInstance, type TestApp } from '../helpers/app';
import { usesPostgres } from '../helpers/database';
import { withoutPublicPermission } from '../helpers/permissions';

/*
 * HTTP caching of public content-API answers: ETag, 304 on If-None-Match, Cache-Control with the
 * configured max-age and stale-while-revalidate; never public for a request with credentials.
 * The app's response cache: hits, never stale after a change on this process or (PostgreSQL)
 * another one.
 */

const ARTICLE = 'api::article.article';
let app: TestApp;

beforeAll(async () => {
  app = await startApp({ seed: true, env: { HTTP_CACHE_MAX_AGE: '120', HTTP_CACHE_STALE_WHILE_REVALIDATE: '600' } });
});
afterAll(async () => {
  await app?.close();
});

it.each(['/api/articles', '/api/people?populate=portrait', '/api/meetings', '/api/topics?locale=fr', '/api/video-assets'])(
  'marks %s public with its ETag, and answers 304 to a client that holds it',
  async (path) => {
    const first = await app.request().get(path);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=120, stale-while-revalidate=600');
    expect(first.headers.etag).toMatch(/^"[0-9a-f]+-[A-Za-z0-9+/]+"$/);
    expect(first.headers.vary).toMatch(/Authorization/);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.body.data.length).toBeGreaterThan(0);

    const again = await app.request().get(path).set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);

    const other = await app.request().get(path).set('If-None-Match', '"0-stale"');
    expect(other.status).toBe(200);
    expect(other.body).toEqual(first.body);
  }
);

it('answers 304 to Node\'s fetch(), which adds Cache-Control: no-cache to a request with If-None-Match', async () => {
  const first = await fetch(`${app.url}/api/articles?locale=fr`);
  expect(first.status).toBe(200);
  const tag = first.headers.get('etag');
  expect(tag).toMatch(/^"/);
  await first.arrayBuffer();

  const again = await fetch(`${app.url}/api/articles?locale=fr`, { headers: { 'If-None-Match': tag! } });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
  expect(again.headers.get('etag')).toBe(tag);
});

it.each([
  ['Cache-Control: no-cache', { 'Cache-Control': 'no-cache' }],
  ['Cache-Control: max-age=0', { 'Cache-Control': 'max-age=0' }],
  ['Pragma: no-cache', { Pragma: 'no-cache' }],
])('validates with %s (RFC 9111 §5.2.1.4: the origin is who validates)', async (_name, headers) => {
  const first = await app.request().get('/api/topics');
  const answer = await app.request().get('/api/topics').set(headers).set('If-None-Match', first.headers.etag);
  expect(answer.status).toBe(304);
});

it('matches a weak tag and a tag among several, and refuses a tag that is not the answer\'s', async () => {
  const first = await app.request().get('/api/people');
  const tag = first.headers.etag as string;
  expect((await app.request().get('/api/people').set('If-None-Match', `W/${tag}`)).status).toBe(304);
  expect((await app.request().get('/api/people').set('If-None-Match', `"0-other", ${tag}`)).status).toBe(304);
  expect((await app.request().get('/api/people').set('Cache-Control', 'no-cache').set('If-None-Match', '"0-other"')).status).toBe(200);
});

it('gives a story a new ETag once its change is published, so the old one gets 200 again', async () => {
  const [story] = await app.strapi.documents(ARTICLE).findMany({ locale: 'en', status: 'published', limit: 1 });
  const path = `/api/articles/${story.documentId}`;
  const before = await app.request().get(path);
  expect(before.status).toBe(200);

  await app.strapi.documents(ARTICLE).update({ documentId: story.documentId, locale: 'en', data: { summary: 'A corrected summary.' } } as never);
  // A draft change is not public: same answer, same ETag.
  expect((await app.request().get(path).set('If-None-Match', before.headers.etag)).status).toBe(304);

  await app.strapi.documents(ARTICLE).publish({ documentId: story.documentId, locale: 'en' });
  const after = await app.request().get(path).set('If-None-Match', before.headers.etag);
  expect(after.status).toBe(200);
  expect(after.body.data.summary).toBe('A corrected summary.');
  expect(after.headers.etag).not.toBe(before.headers.etag);
});

it('never marks an answer to a request with credentials public, nor answers it 304', async () => {
  const token = await createApiToken(app.strapi, 'read-only');
  const anonymous = await app.request().get('/api/articles');
  const answer = await app.request().get('/api/articles').set('Authorization', `Bearer ${token}`).set('If-None-Match', anonymous.headers.etag);
  expect(answer.status).toBe(200);
  expect(answer.headers['cache-control']).toBe('private, no-store');
  expect(answer.headers.etag).toBeUndefined();
});

it('leaves errors and other routes alone', async () => {
  const missing = await app.request().get('/api/articles/no-such-document');
  expect(missing.status).toBe(404);
  expect(missing.headers['cache-control'] ?? '').not.toMatch(/public/);
  expect(missing.headers.etag).toBeUndefined();
  const policy = await app.request().get('/api/password-policy');
  expect(policy.status).toBe(200);
  expect(policy.headers['cache-control'] ?? '').not.toMatch(/public/);
});

describe('response cache', () => {
  const PATH = '/api/articles?sort=date:desc&pagination[pageSize]=3';
  const publishSummary = async (documentId: string, summary: string) => {
    await app.strapi.documents(ARTICLE).update({ documentId, locale: 'en', data: { summary } } as never);
    await app.strapi.documents(ARTICLE).publish({ documentId, locale: 'en' });
  };

  it('answers a repeated anonymous request from the cache, and never stale after a publish here', async () => {
    const first = await app.request().get(PATH);
    const second = await app.request().get(PATH);
    expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['MISS', 'HIT']);
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);

    const story = first.body.data[0] as { documentId: string };
    await publishSummary(story.documentId, 'Changed a moment ago.');
    const after = await app.request().get(PATH);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.data[0].summary).toBe('Changed a moment ago.');

    await app.strapi.documents(ARTICLE).unpublish({ documentId: story.documentId, locale: 'en' });
    const gone = await app.request().get(PATH);
    expect(gone.body.data.map((item: { documentId: string }) => item.documentId)).not.toContain(story.documentId);
    await app.strapi.documents(ARTICLE).publish({ documentId: story.documentId, locale: 'en' });
  });

  it('forgets answers when the media library changes a file they show', async () => {
    const path = '/api/people?populate=portrait&sort=fullName:asc';
    const first = await app.request().get(path);
    const portrait = first.body.data[0].portrait as { id: number };
    expect((await app.request().get(path)).headers['x-cache']).toBe('HIT');
    await app.strapi.plugin('upload').service('upload').updateFileInfo(portrait.id, { alternativeText: 'A new description of the portrait' });
    const after = await app.request().get(path);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.data[0].portrait.alternativeText).toBe('A new description of the portrait');
  });

  it('forgets answers when the public role loses or regains a permission they depend on', async () => {
    const path = '/api/articles?sort=title:asc&pagination[pageSize]=2';
    const first = await app.request().get(path);
    expect(first.body.data[0].topics.length).toBeGreaterThan(0);
    expect((await app.request().get(path)).headers['x-cache']).toBe('HIT');

    await withoutPublicPermission(app.strapi, 'api::topic.topic.find', async () => {
      const without = await app.request().get(path);
      expect(without.headers['x-cache']).toBe('MISS');
      expect(without.body.data[0]).not.toHaveProperty('topics');
    });
    const regained = await app.request().get(path);
    expect(regained.headers['x-cache']).toBe('MISS');
    expect(regained.body).toEqual(first.body);
  });

  it('forgets answers to requests without locale when the default locale changes', async () => {
    const locales = app.strapi.plugin('i18n').service('locales') as { setDefaultLocale(input: { code: string }): Promise<void> };
    const path = '/api/topics?sort=name:asc';
    await app.request().get(path);
    expect((await app.request().get(path)).headers['x-cache']).toBe('HIT');
    await locales.setDefaultLocale({ code: 'fr' });
    try {
      const after = await app.request().get(path);
      expect(after.headers['x-cache']).toBe('MISS');
      expect(after.body.data[0].locale).toBe('fr');
    } finally {
      await locales.setDefaultLocale({ code: 'en' });
    }
    expect((await app.request().get(path)).body.data[0].locale).toBe('en');
  });

  it('never serves a request with credentials from the cache', async () => {
    const token = await createApiToken(app.strapi, 'read-only');
    await app.request().get(PATH);
    const answer = await app.request().get(PATH).set('Authorization', `Bearer ${token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-cache']).toBeUndefined();
  });

  it('shows a change published on one process to readers of another within a second (SQLite: the one process)', async () => {
    const second = usesPostgres() ? await startSecondInstance() : undefined;
    try {
      const reader = () => (second ?? app).request().get(PATH);
      await reader();
      expect((await reader()).headers['x-cache']).toBe('HIT');
      const story = (await reader()).body.data[1] as { documentId: string };
      await publishSummary(story.documentId, 'Published on the other process.');
      const published = Date.now();
      let seenAfter = Infinity;
      while (Date.now() - published < 2000) {
        const answer = await reader();
        if (answer.body.data[1].summary === 'Published on the other process.') {
          seenAfter = Date.now() - published;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(seenAfter).toBeLessThan(1000);
    } finally {
      await second?.stop();
    }
  });
});
