import { as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { type Clock, controlClock } from '../helpers/clock';
import { captureLogs } from '../helpers/logs';

/*
 * The admin's Preview button (Strapi 5's admin.preview handler): a story's draft is shown on its
 * page through a short-lived signed token, never through a public URL.
 */

const ARTICLE = 'api::article.article';
const DRAFT_TITLE = 'Draft: a headline nobody outside the newsroom may read yet';

let app: TestApp;
let clock: Clock;
let chief: string;
let story: { documentId: string; slug: string; title: string };

const previewUrl = (query: Record<string, string>, uid = ARTICLE) =>
  app
    .request()
    .get(`/content-manager/preview/url/${uid}`)
    .query(query)
    .set(as(chief));
const tokenOf = (url: string) => new URLSearchParams(new URL(url).hash.slice(1)).get('preview') as string;
const read = (token: unknown) => app.request().post('/api/article-previews').send({ token });

beforeAll(async () => {
  app = await startApp({ seed: true });
  clock = controlClock();
  chief = await registerChief(app);
  story = await app.strapi.db.query(ARTICLE).findOne({ where: { locale: 'en', publishedAt: { $notNull: true } }, orderBy: { id: 'asc' } });
  // A change saved but not published: the draft differs from the public version.
  await app.strapi.documents(ARTICLE).update({ documentId: story.documentId, locale: 'en', data: { title: DRAFT_TITLE } as never });
});
afterAll(async () => {
  clock?.restore();
  await app?.close();
});
afterEach(() => clock.reset());

it('opens a draft through a signed token in the URL fragment, and the token reads that draft alone', async () => {
  const res = await previewUrl({ documentId: story.documentId, locale: 'en', status: 'draft' }).expect(200);
  const url = new URL(res.body.data.url);
  expect(`${url.origin}${url.pathname}`).toBe(`${app.url}/stories/story.html`);
  // The token is in the fragment: a browser never sends it to a server, so no log holds it.
  expect(url.search).toBe('?lang=en');
  const token = tokenOf(res.body.data.url);
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

  const { result: draft, lines } = await captureLogs(app.strapi, () => read(token).expect(200));
  expect(draft.headers['cache-control']).toBe('no-store');
  expect(draft.body.data).toMatchObject({ documentId: story.documentId, locale: 'en', title: DRAFT_TITLE, publishedAt: null });
  // Populated as the public detail, with nothing private (the masters' storage keys).
  expect(Array.isArray(draft.body.data.people)).toBe(true);
  expect(draft.body.data.videos.length).toBeGreaterThan(0);
  expect(draft.body.data.videos[0].renditions.length).toBeGreaterThan(0);
  expect(JSON.stringify(draft.body)).not.toContain('storageKey');
  expect(lines.join('\n')).not.toContain(token);

  // The public API still answers the published version, whatever it asks for.
  const published = await app.request().get(`/api/articles/${story.documentId}`).query({ locale: 'en' }).expect(200);
  expect(published.body.data.title).toBe(story.title);
  const asked = await app.request().get(`/api/articles/${story.documentId}`).query({ locale: 'en', status: 'draft' });
  expect(JSON.stringify(asked.body)).not.toContain(DRAFT_TITLE);
  const listed = await app.request().get('/api/articles').query({ locale: 'en', status: 'draft', 'pagination[pageSize]': 100 });
  expect(JSON.stringify(listed.body)).not.toContain(DRAFT_TITLE);
});

it('opens a draft with unsaved changes the same way, and a published version at its public page', async () => {
  const modified = await previewUrl({ documentId: story.documentId, locale: 'en', status: 'modified' }).expect(200);
  expect((await read(tokenOf(modified.body.data.url)).expect(200)).body.data.title).toBe(DRAFT_TITLE);

  const published = await previewUrl({ documentId: story.documentId, locale: 'en', status: 'published' }).expect(200);
  expect(published.body.data.url).toBe(`${app.url}/stories/story.html?slug=${story.slug}&lang=en`);
});

it('binds the token to the story and the locale it was made for', async () => {
  const fr = await app.strapi.db.query(ARTICLE).findOne({ where: { documentId: story.documentId, locale: 'fr', publishedAt: null } });
  const res = await previewUrl({ documentId: story.documentId, locale: 'fr', status: 'draft' }).expect(200);
  expect(new URL(res.body.data.url).search).toBe('?lang=fr');
  const draft = await read(tokenOf(res.body.data.url)).expect(200);
  expect(draft.body.data).toMatchObject({ documentId: story.documentId, locale: 'fr', title: fr.title });
});

it('refuses a tampered, a missing and an expired token, without echoing it', async () => {
  const res = await previewUrl({ documentId: story.documentId, locale: 'en', status: 'draft' }).expect(200);
  const token = tokenOf(res.body.data.url);
  const [header, claims, signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), sub: 'someOtherDocument' })).toString('base64url');
  for (const bad of [`${header}.${forged}.${signature}`, `${token.slice(0, -2)}xx`, 'not-a-token']) {
    const refused = await read(bad).expect(400);
    expect(refused.body.error.message).toMatch(/not valid or has expired/);
    expect(JSON.stringify(refused.body)).not.toContain(bad);
  }
  expect((await read(undefined).expect(400)).body.error.name).toBe('ValidationError');
  expect((await read(42).expect(400)).body.error.name).toBe('ValidationError');

  clock.advance(14 * 60 * 1000);
  await read(token).expect(200);
  clock.advance(2 * 60 * 1000);
  await read(token).expect(400);
});

it('answers 404 once the draft is gone', async () => {
  const other = await app.strapi.db.query(ARTICLE).findOne({ where: { locale: 'en', publishedAt: null, documentId: { $ne: story.documentId } } });
  const res = await previewUrl({ documentId: other.documentId, locale: 'en', status: 'draft' }).expect(200);
  await app.strapi.documents(ARTICLE).delete({ documentId: other.documentId, locale: 'en' });
  await read(tokenOf(res.body.data.url)).expect(404);
});

it('offers no preview for the other types, and none to anyone but staff', async () => {
  const person = await app.strapi.db.query('api::person.person').findOne({ where: { locale: 'en' } });
  await previewUrl({ documentId: person.documentId, locale: 'en', status: 'draft' }, 'api::person.person').expect(204);
  await app.request().get(`/content-manager/preview/url/${ARTICLE}`).query({ documentId: story.documentId, locale: 'en', status: 'draft' }).expect(401);
});
