import { startApp, type TestApp } from '../helpers/app';
import { statementsWhileGetting } from '../helpers/queries';

/*
 * No N+1: the SQL statements a populated list costs do not grow with the page size. Counted from
 * knex's `query` events; each size is asked three times and the smallest count kept, so a cron
 * job's statement landing during a request cannot make the test fail by chance.
 */

const ARTICLE = 'api::article.article';
let app: TestApp;

beforeAll(async () => {
  // The app's response cache off: every request reaches the database.
  app = await startApp({ seed: true, env: { MAIL_WORKER: 'false', NEWSLETTER_WORKER: 'false', RESPONSE_CACHE_MB: '0' } });
  const documents = app.strapi.documents(ARTICLE);
  const [model] = await documents.findMany({ locale: 'en', status: 'draft', populate: ['people', 'meeting', 'topics', 'videos'], limit: 1 });
  const related = model as unknown as { people: { documentId: string }[]; meeting: { documentId: string }; topics: { documentId: string }[]; videos: { documentId: string }[] };
  // 120 more published stories, each with people, a meeting, topics and videos.
  for (let index = 0; index < 120; index += 1) {
    const created = await documents.create({
      locale: 'en',
      data: {
        title: `Generated story number ${index + 1}`,
        date: `2024-0${1 + (index % 9)}-1${index % 9}`,
        summary: 'A story made by the query-count test.',
        people: related.people.map((person) => person.documentId),
        meeting: related.meeting.documentId,
        topics: related.topics.map((topic) => topic.documentId),
        videos: related.videos.map((video) => video.documentId),
      },
    } as never);
    await documents.publish({ documentId: created.documentId, locale: 'en' });
  }
});
afterAll(async () => {
  await app?.close();
});

const statementsFor = async (path: string) => {
  let fewest = Infinity;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    fewest = Math.min(fewest, (await statementsWhileGetting(app, path)).length);
  }
  return fewest;
};

it('makes as many SQL statements for a populated list of 1, 25 or 100 stories', async () => {
  const counts = [];
  for (const size of [1, 25, 100]) {
    const answer = await app.request().get(`/api/articles?pagination[pageSize]=${size}`);
    expect(answer.body.data).toHaveLength(size);
    expect(answer.body.data[size - 1].people.length).toBeGreaterThan(0);
    counts.push(await statementsFor(`/api/articles?pagination[pageSize]=${size}`));
  }
  process.stdout.write(`statements per populated list of 1, 25, 100: ${counts.join(', ')}\n`);
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[1]).toBe(counts[0]);
  expect(counts[2]).toBe(counts[0]);
});

it('makes as many statements for 1, 25 or 100 video assets or people', async () => {
  for (const type of ['video-assets', 'people']) {
    const counts = [];
    for (const size of [1, 25, 100]) counts.push(await statementsFor(`/api/${type}?pagination[pageSize]=${size}`));
    expect(new Set(counts).size).toBe(1);
  }
});
