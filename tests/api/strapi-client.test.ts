import { strapi as createClient } from '@strapi/client';
import { createApiToken, startApp, type TestApp } from '../helpers/app';

/*
 * A frontend as its authors would write it: Strapi's official client (@strapi/client) with a
 * read-only API token lists stories, reads one, and filters them by a person.
 */

let app: TestApp;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  app = await startApp({ seed: true });
  client = createClient({ baseURL: `${app.url}/api`, auth: await createApiToken(app.strapi, 'read-only') });
});
afterAll(async () => {
  await app?.close();
});

type Story = { documentId: string; title: string; slug: string; date: string; people: { slug: string; fullName: string }[]; videos: unknown[] };

it('lists the latest stories with their people and videos', async () => {
  const { data, meta } = await client.collection('articles').find({ sort: 'date:desc', pagination: { pageSize: 3 } });
  const stories = data as unknown as Story[];
  expect(stories).toHaveLength(3);
  expect(meta.pagination).toMatchObject({ page: 1, pageSize: 3, total: 5 });
  const dates = stories.map((story) => story.date);
  expect([...dates].sort().reverse()).toEqual(dates);
  for (const story of stories) {
    expect(story.people.length).toBeGreaterThan(0);
    expect(story.videos.length).toBeGreaterThan(0);
  }
});

it('reads one story, in French too', async () => {
  const { data: [first] } = await client.collection('articles').find({ pagination: { pageSize: 1 } });
  const { data } = await client.collection('articles').findOne(first.documentId);
  expect((data as unknown as Story).title).toBe((first as unknown as Story).title);
  const french = await client.collection('articles').findOne(first.documentId, { locale: 'fr' });
  expect(french.data.locale).toBe('fr');
  expect((french.data as unknown as Story).title).not.toBe((first as unknown as Story).title);
});

it('filters stories by a person', async () => {
  const { data } = await client.collection('articles').find({ filters: { people: { slug: { $eq: 'wang-yi' } } } });
  const stories = data as unknown as Story[];
  expect(stories.length).toBeGreaterThan(0);
  expect(stories.length).toBeLessThan(5);
  for (const story of stories) expect(story.people.map((person) => person.slug)).toContain('wang-yi');
});
