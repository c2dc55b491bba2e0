import { createApiToken, startApp, type TestApp } from '../helpers/app';
import { withoutPublicPermission } from '../helpers/permissions';

/*
 * What frontends see: published stories with their relations, filters they need, and nothing
 * anonymous visitors should be able to write or read (drafts, storage keys).
 */

let app: TestApp;
const TYPES = ['articles', 'people', 'meetings', 'topics', 'video-assets'] as const;

beforeAll(async () => {
  app = await startApp({ seed: true });
});
afterAll(async () => {
  await app?.close();
});

const get = async (path: string, expected = 200) => {
  const res = await app.request().get(path);
  expect({ path, status: res.status }).toEqual({ path, status: expected });
  return res.body;
};

type Entry = Record<string, any>;

describe('published content only', () => {
  let draft: Entry;

  beforeAll(async () => {
    draft = await app.strapi.documents('api::article.article').create({
      locale: 'en',
      data: { title: 'Unpublished story under embargo', date: '2024-06-01', summary: 'Not yet.' },
    });
  });

  it('leaves a draft out of the list', async () => {
    const body = await get('/api/articles?pagination[pageSize]=100');
    expect(body.meta.pagination.total).toBe(5);
    expect(body.data.map((a: Entry) => a.documentId)).not.toContain(draft.documentId);
  });

  it('answers 404 for a draft asked by its id', async () => {
    await get(`/api/articles/${draft.documentId}`, 404);
  });

  it('refuses ?status=draft to anonymous visitors', async () => {
    const body = await get('/api/articles?status=draft', 403);
    expect(body.error.message).toMatch(/published/);
    expect(JSON.stringify(body)).not.toContain('embargo');
  });

  it('shows drafts to a frontend holding an API token', async () => {
    const token = await createApiToken(app.strapi, 'read-only');
    const res = await app
      .request()
      .get('/api/articles?status=draft&pagination[pageSize]=100')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: Entry) => a.documentId)).toContain(draft.documentId);
  });
});

describe('relations without a populate parameter', () => {
  it('fills people, meeting, topics, videos and images in the article list', async () => {
    const body = await get('/api/articles?sort=date:asc');
    const article = body.data[0];
    expect(article.title).toMatch(/China|Foreign Minister/);
    expect(article.people.map((p: Entry) => p.fullName)).toEqual(expect.arrayContaining(['Jens Stoltenberg', 'Wang Yi']));
    expect(article.people[0].portrait.url).toMatch(/^\/uploads\/.+\.jpg$/);
    expect(article.meeting.kind).toBe('bilateral');
    expect(article.meeting.location.city).toBe('New York');
    expect(article.topics.map((t: Entry) => t.slug)).toEqual(expect.arrayContaining(['china', 'ukraine']));
    expect(article.cover.mime).toBe('image/jpeg');
    expect(article.location).toMatchObject({ city: 'New York', countryCode: 'US' });
    const [video] = article.videos;
    expect(video.poster.url).toMatch(/\.jpg$/);
    expect(video.renditions.map((r: Entry) => r.kind)).toEqual(['broadcast-master', 'web-proxy']);
    expect(video.renditions[1].file.mime).toBe('video/mp4');
    expect(video.technical).toMatchObject({ width: 960, height: 540, frameRate: 25 });
  });

  it('fills the same relations in an article detail', async () => {
    const list = await get('/api/articles?filters[slug][$startsWith]=in-stockholm');
    const detail = await get(`/api/articles/${list.data[0].documentId}`);
    expect(detail.data.people.map((p: Entry) => p.slug)).toEqual(
      expect.arrayContaining(['jens-stoltenberg', 'ulf-kristersson'])
    );
    expect(detail.data.meeting.kind).toBe('visit');
    expect(detail.data.videos).toHaveLength(1);
    expect(detail.data.cover.url).toMatch(/\.jpg$/);
    expect(detail.data.body[0].type).toBe('paragraph');
  });

  it('fills the stories of a person, a meeting, a topic and a video', async () => {
    const person = (await get('/api/people?filters[slug][$eq]=jens-stoltenberg')).data[0];
    expect(person.articles).toHaveLength(5);
    expect(person.portrait.url).toMatch(/\.jpg$/);
    const meeting = (await get('/api/meetings?filters[kind][$eq]=speech')).data[0];
    expect(meeting.participants[0].fullName).toBe('Jens Stoltenberg');
    expect(meeting.articles[0].title).toMatch(/Washington/);
    const topic = (await get('/api/topics?filters[slug][$eq]=enlargement-sweden')).data[0];
    expect(topic.articles.map((a: Entry) => a.date)).toEqual(['2023-10-24']);
    const video = (await get('/api/video-assets?filters[slug][$startsWith]=secretary-general-and-prime-minister')).data[0];
    expect(video.shots.length).toBeGreaterThan(0);
    expect(video.articles[0].date).toBe('2023-10-24');
  });
});

describe('the default populate is slim', () => {
  it('gives related entries their teaser fields and images only the formats a page draws', async () => {
    const res = await app.request().get('/api/articles?pagination[pageSize]=5');
    expect(res.status).toBe(200);
    // A list of five stories weighed 56 KB with every field of every relation.
    expect(res.text.length).toBeLessThan(32 * 1024);
    const [article] = res.body.data;
    expect(Object.keys(article.people[0]).sort()).toEqual(
      ['countryCode', 'documentId', 'fullName', 'honorific', 'id', 'organisation', 'portrait', 'role', 'slug'].sort()
    );
    expect(Object.keys(article.topics[0]).sort()).toEqual(['documentId', 'id', 'name', 'slug']);
    expect(Object.keys(article.meeting).sort()).toEqual(['documentId', 'endsAt', 'id', 'kind', 'location', 'slug', 'startsAt', 'title']);
    const poster = article.videos[0].poster;
    expect(Object.keys(poster).sort()).toEqual(['alternativeText', 'documentId', 'formats', 'height', 'id', 'mime', 'url', 'width']);
    expect(Object.keys(poster.formats).every((name) => ['thumbnail', 'small', 'medium'].includes(name))).toBe(true);
    expect(poster.formats.small).toEqual({ url: expect.stringMatching(/^\/uploads\/small_.+\.jpg$/), width: 500, height: 281 });
    expect(article.videos[0].renditions[0]).not.toHaveProperty('checksum');
    // The video's own page shows the checksum.
    const video = await get(`/api/video-assets/${article.videos[0].documentId}`);
    expect(video.data.renditions[0].checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each(TYPES)('answers /api/%s anonymously as Strapi sanitizes it for a token (the anonymous answer skips the second walk)', async (type) => {
    const token = await createApiToken(app.strapi, 'read-only');
    const anonymous = await app.request().get(`/api/${type}?pagination[pageSize]=100`);
    const sanitized = await app.request().get(`/api/${type}?pagination[pageSize]=100`).set('Authorization', `Bearer ${token}`);
    expect(anonymous.status).toBe(200);
    expect(sanitized.status).toBe(200);
    expect(anonymous.body.data.length).toBeGreaterThan(0);
    // The token may read drafts, but without ?status it gets the published versions too.
    expect(anonymous.body).toEqual(sanitized.body);
  });

  it('follows a change of the public permissions although the default populate is checked once per permissions', async () => {
    // Each step asks another URL: the response cache is not what this test is about.
    const before = await get('/api/articles?sort=title:asc');
    expect(before.data[0].topics.length).toBeGreaterThan(0);
    await withoutPublicPermission(app.strapi, 'api::topic.topic.find', async () => {
      const without = await get('/api/articles?sort=title:desc');
      expect(without.data[0]).not.toHaveProperty('topics');
      expect(without.data[0].people.length).toBeGreaterThan(0);
    });
    const after = await get('/api/articles?sort=date:asc');
    expect(after.data[0].topics.length).toBeGreaterThan(0);
  });

  it('gives a client that asks for its own populate or fields exactly that', async () => {
    const own = await get('/api/articles?sort=date:asc&populate[people][fields][0]=biography&populate[cover]=true');
    const [article] = own.data;
    expect(Object.keys(article.people[0]).sort()).toEqual(['biography', 'documentId', 'id']);
    expect(article).not.toHaveProperty('topics');
    // Its images are Strapi's whole media entries, every format with its metadata.
    expect(article.cover.hash).toEqual(expect.any(String));
    expect(Object.values(article.cover.formats as Record<string, Entry>)[0]).toHaveProperty('sizeInBytes');
    const fields = await get('/api/articles?fields[0]=title');
    expect(Object.keys(fields.data[0]).sort()).toEqual(['documentId', 'id', 'title']);
  });
});

describe('storage keys of renditions', () => {
  it('never appear in any list or detail answer', async () => {
    for (const type of TYPES) {
      for (const locale of ['en', 'fr']) {
        const list = await app.request().get(`/api/${type}?locale=${locale}`);
        expect(list.status).toBe(200);
        expect(JSON.stringify(list.body)).not.toMatch(/storageKey|masters\//);
        const detail = await app.request().get(`/api/${type}/${list.body.data[0].documentId}?locale=${locale}`);
        expect(detail.status).toBe(200);
        expect(JSON.stringify(detail.body)).not.toMatch(/storageKey|masters\//);
      }
    }
  });

  it('cannot be asked for by fields, populate or filters', async () => {
    const populated = await app.request().get('/api/video-assets?populate[renditions][fields][0]=storageKey');
    expect(JSON.stringify(populated.body)).not.toMatch(/masters\//);
    const star = await app.request().get('/api/video-assets?populate=*');
    expect(JSON.stringify(star.body)).not.toMatch(/storageKey|masters\//);
    const filtered = await app.request().get('/api/video-assets?filters[renditions][storageKey][$startsWith]=masters');
    expect(filtered.status).toBe(400);
  });
});

describe('filters a frontend needs', () => {
  const dates = (body: { data: Entry[] }) => body.data.map((a) => a.date);

  it('filters articles by person slug', async () => {
    expect(dates(await get('/api/articles?filters[people][slug][$eq]=wang-yi'))).toEqual(['2022-09-22']);
    expect((await get('/api/articles?filters[people][slug][$eq]=jens-stoltenberg')).meta.pagination.total).toBe(5);
  });

  it('filters articles by topic slug', async () => {
    const body = await get('/api/articles?filters[topics][slug][$eq]=summits&sort=date:asc');
    expect(dates(body)).toEqual(['2024-01-31', '2024-05-27']);
  });

  it('filters articles by meeting, by slug or by document id', async () => {
    const meeting = (await get('/api/meetings?filters[kind][$eq]=session')).data[0];
    expect(dates(await get(`/api/articles?filters[meeting][slug][$eq]=${meeting.slug}`))).toEqual(['2024-05-27']);
    expect(dates(await get(`/api/articles?filters[meeting][documentId][$eq]=${meeting.documentId}`))).toEqual([
      '2024-05-27',
    ]);
  });

  it('filters articles by a date range', async () => {
    const body = await get('/api/articles?filters[date][$gte]=2023-01-01&filters[date][$lte]=2023-12-31&sort=date:asc');
    expect(dates(body)).toEqual(['2023-09-21', '2023-10-24']);
  });

  it('answers in French with locale=fr, relations in French too', async () => {
    const body = await get('/api/articles?locale=fr&filters[people][slug][$eq]=ulf-kristersson');
    expect(body.data[0].locale).toBe('fr');
    expect(body.data[0].title).toMatch(/^À Stockholm/);
    expect(body.data[0].people.find((p: Entry) => p.slug === 'ulf-kristersson').role).toBe('Premier ministre');
    expect(body.data[0].meeting.title).toMatch(/^Visite en Suède/);
    expect(body.data[0].topics.map((t: Entry) => t.name)).toContain('Lutte contre le terrorisme');
  });

  it('finds a story by the slug of any language with locale=*, as a shared link is opened', async () => {
    const french = (await get('/api/articles?locale=fr&filters[people][slug][$eq]=ulf-kristersson')).data[0];
    const body = await get(`/api/articles?locale=*&filters[slug][$eq]=${french.slug}`);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ documentId: french.documentId, locale: 'fr', title: french.title });
    expect(body.data[0].people.length).toBeGreaterThan(0);
    const english = await get(`/api/articles/${french.documentId}?locale=en`);
    expect(english.data.locale).toBe('en');
    expect(english.data.slug).not.toBe(french.slug);
  });

  it('sorts by date both ways', async () => {
    expect(dates(await get('/api/articles?sort=date:asc'))).toEqual([
      '2022-09-22',
      '2023-09-21',
      '2023-10-24',
      '2024-01-31',
      '2024-05-27',
    ]);
    expect(dates(await get('/api/articles?sort=date:desc'))[0]).toBe('2024-05-27');
  });

  it('pages through the list', async () => {
    const first = await get('/api/articles?sort=date:desc&pagination[page]=1&pagination[pageSize]=2');
    const third = await get('/api/articles?sort=date:desc&pagination[page]=3&pagination[pageSize]=2');
    expect(first.meta.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 3, total: 5 });
    expect(dates(first)).toEqual(['2024-05-27', '2024-01-31']);
    expect(dates(third)).toEqual(['2022-09-22']);
  });
});

describe('what anonymous visitors cannot do', () => {
  it.each(TYPES)('answers 403 to anonymous POST, PUT and DELETE on %s', async (type) => {
    const existing = (await get(`/api/${type}`)).data[0];
    const post = await app.request().post(`/api/${type}`).send({ data: { title: 'x', name: 'x', fullName: 'x' } });
    const put = await app.request().put(`/api/${type}/${existing.documentId}`).send({ data: { title: 'changed' } });
    const del = await app.request().delete(`/api/${type}/${existing.documentId}`);
    expect([post.status, put.status, del.status]).toEqual([403, 403, 403]);
    expect((await get(`/api/${type}/${existing.documentId}`)).data.updatedAt).toBe(existing.updatedAt);
  });

  it.each([
    '/api/articles?foo=bar',
    '/api/articles?filters[unknownField][$eq]=1',
    '/api/articles?sort=nope:asc',
    '/api/articles?populate[nothing]=true',
    '/api/articles?fields[0]=nothing',
    '/api/people?filters[slug][$notAnOperator]=x',
    '/api/topics?pagination[page]=abc',
  ])('answers 400, not 500, to %s', async (path) => {
    const res = await app.request().get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });
});
