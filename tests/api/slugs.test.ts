import { toSlug } from '../../src/content/slugs';
import { createApiToken, startApp, type TestApp } from '../helpers/app';

/* Slugs come from the title on every create path, and are unique within a locale. */

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app.strapi);
});
afterAll(async () => {
  await app?.close();
});

const createTopic = (body: Record<string, unknown>, locale?: string) =>
  app
    .request()
    .post(`/api/topics${locale ? `?locale=${locale}` : ''}`)
    .set('Authorization', `Bearer ${token}`)
    .send({ data: body });

it('makes the slug from the title for a REST create with an API token', async () => {
  const res = await createTopic({ name: 'Maritime Security & the Baltic' });
  expect(res.status).toBe(201);
  expect(res.body.data.slug).toBe('maritime-security-and-the-baltic');
});

it('makes the slug for a document-service create, transliterating accents', async () => {
  const article = await app.strapi.documents('api::article.article').create({
    locale: 'fr',
    data: { title: 'Élargissement : la Suède et la Türkiye', date: '2023-10-24' },
  });
  expect(article.slug).toBe('elargissement-la-suede-et-la-turkiye');
});

it('gives two entries with the same title different slugs', async () => {
  const first = await createTopic({ name: 'Arms Control' });
  const second = await createTopic({ name: 'Arms Control' });
  const third = await app.strapi.documents('api::topic.topic').create({ data: { name: 'Arms control' } });
  expect([first.body.data.slug, second.body.data.slug, third.slug]).toEqual([
    'arms-control',
    'arms-control-2',
    'arms-control-3',
  ]);
});

it('keeps slugs unique per locale, not across locales', async () => {
  const english = await createTopic({ name: 'Resilience' });
  const french = await createTopic({ name: 'Resilience' }, 'fr');
  expect(english.body.data.slug).toBe('resilience');
  expect(french.body.data.slug).toBe('resilience');
  expect(french.body.data.locale).toBe('fr');
});

it('makes the slug of a new locale of an existing document', async () => {
  const english = await app.strapi.documents('api::meeting.meeting').create({
    data: { title: 'Defence Ministers Meeting', kind: 'session', startsAt: '2024-02-15T09:00:00.000Z' },
  });
  const french = await app.strapi.documents('api::meeting.meeting').update({
    documentId: english.documentId,
    locale: 'fr',
    data: { title: 'Réunion des ministres de la Défense', kind: 'session', startsAt: '2024-02-15T09:00:00.000Z' },
  });
  expect(english.slug).toBe('defence-ministers-meeting');
  expect(french?.slug).toBe('reunion-des-ministres-de-la-defense');
});

it('keeps the slug when a later edit changes the title', async () => {
  const created = await createTopic({ name: 'Space' });
  const updated = await app
    .request()
    .put(`/api/topics/${created.body.data.documentId}`)
    .set('Authorization', `Bearer ${token}`)
    .send({ data: { name: 'Space and satellites' } });
  expect(updated.status).toBe(200);
  expect(updated.body.data.slug).toBe('space');
});

it('normalises a slug given by the client and still keeps it unique', async () => {
  await createTopic({ name: 'Cyber defence' });
  const res = await createTopic({ name: 'Cyber', slug: 'Cyber Defence' });
  expect(res.body.data.slug).toBe('cyber-defence-2');
});

it('makes the slug when staff create an entry in the admin Content Manager', async () => {
  const admin = await app.request().post('/admin/register-admin').send({
    email: 'editor@newsreel.test',
    firstname: 'Eda',
    lastname: 'Editor',
    password: 'Correct-Horse-42-battery',
  });
  expect(admin.status).toBe(200);
  const res = await app
    .request()
    .post('/content-manager/collection-types/api::topic.topic?locale=en')
    .set('Authorization', `Bearer ${admin.body.data.token}`)
    .send({ name: 'Women, Peace and Security' });
  expect(res.status).toBe(201);
  expect(res.body.data.slug).toBe('women-peace-and-security');
});

it('turns any title into a URL-safe slug', () => {
  expect(toSlug('  NATO–Ukraine Council: 2024 ')).toBe('nato-ukraine-council-2024');
  expect(toSlug('Støre meets Erdoğan')).toBe('store-meets-erdogan');
  expect(toSlug('???')).toBe('entry');
  expect(toSlug('a'.repeat(300))).toHaveLength(180);
});
