import { as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { type Clock, controlClock } from '../helpers/clock';

/* The preview's two settings: how long a link works, and whether the admin offers it at all. */

const ARTICLE = 'api::article.article';

let app: TestApp;
let clock: Clock;
let chief: string;

beforeAll(async () => {
  app = await startApp({ seed: true, env: { PREVIEW_TOKEN_TTL_SECONDS: '60', PREVIEW_ENABLED: 'false' } });
  clock = controlClock();
  chief = await registerChief(app);
});
afterAll(async () => {
  clock?.restore();
  await app?.close();
});

it('keeps a preview link as long as PREVIEW_TOKEN_TTL_SECONDS says', async () => {
  const story = await app.strapi.db.query(ARTICLE).findOne({ where: { locale: 'en', publishedAt: null } });
  const url = await (app.strapi.service('api::article.preview') as { url(uid: string, params: object): Promise<string> }).url(ARTICLE, {
    documentId: story.documentId,
    locale: 'en',
    status: 'draft',
  });
  const token = new URLSearchParams(new URL(url).hash.slice(1)).get('preview');
  clock.advance(50_000);
  await app.request().post('/api/article-previews').send({ token }).expect(200);
  clock.advance(20_000);
  await app.request().post('/api/article-previews').send({ token }).expect(400);
});

it('offers no preview in the admin with PREVIEW_ENABLED=false', async () => {
  const story = await app.strapi.db.query(ARTICLE).findOne({ where: { locale: 'en', publishedAt: null } });
  const res = await app
    .request()
    .get(`/content-manager/preview/url/${ARTICLE}`)
    .query({ documentId: story.documentId, locale: 'en', status: 'draft' })
    .set(as(chief));
  // No URL: the Content Manager hides the Preview panel (as it does for types without a preview).
  expect(res.status).toBe(204);
  expect(res.body).toEqual({});
});
