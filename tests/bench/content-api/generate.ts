import type { Core } from '@strapi/strapi';
import { Faker, base, en, fr } from '@faker-js/faker';

/*
 * Fills the database through the document service, as the admin would, with a fixed seed:
 * 2,000 people, 1,000 meetings, 40 topics, 500 video assets, 10,000 published articles in English,
 * 20% of them also in French, each with 3–8 people, a meeting, 1–3 topics and 1–2 videos. A quarter
 * of the people, meetings and videos (those the French stories pick from) and every topic have a
 * French version. Images come from the sample content's media library (the seed).
 */

export const SIZES = { articles: 10_000, frenchShare: 0.2, people: 2_000, meetings: 1_000, topics: 40, videos: 500 };
export const SEED = 20261122;

interface Documents {
  findFirst(params: unknown): Promise<{ documentId: string } | null>;
  create(params: unknown): Promise<{ documentId: string }>;
  update(params: unknown): Promise<unknown>;
  publish(params: unknown): Promise<unknown>;
}
type Data = Record<string, unknown>;

const KINDS = ['bilateral', 'speech', 'conference', 'summit', 'visit', 'session', 'press-conference'];

/** Runs `work(0…count-1)` with `lanes` in flight at once. */
const inLanes = async (count: number, lanes: number, work: (index: number) => Promise<void>) => {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
};

export const generateContent = async (strapi: Core.Strapi, sizes = SIZES, log: (line: string) => void = () => undefined) => {
  const english = new Faker({ locale: [en, base] });
  const french = new Faker({ locale: [fr, en, base] });
  english.seed(SEED);
  french.seed(SEED + 1);
  const pick = <T>(list: T[], faker = english) => list[faker.number.int({ min: 0, max: list.length - 1 })];
  const some = <T>(list: T[], min: number, max: number) => english.helpers.arrayElements(list, { min, max });
  const LANES = 6;

  const images = (await strapi.db.query('plugin::upload.file').findMany({ where: { mime: { $startsWith: 'image/' } }, select: ['id'] })) as { id: number }[];
  const proxies = (await strapi.db.query('plugin::upload.file').findMany({ where: { mime: 'video/mp4' }, select: ['id'] })) as { id: number }[];
  if (images.length === 0 || proxies.length === 0) throw new Error('the generator needs the sample media (boot with the seed)');

  /**
   * Creates and publishes `count` documents in English, and in French for the first `frenchCount`.
   * A document already there (same `key` field, e.g. from a run that was stopped) is completed,
   * not made again: the data depend on the seed alone, so a stopped run resumes.
   */
  const make = async (uid: string, key: string, count: number, frenchCount: number, english: (index: number) => Data, inFrench: (index: number) => Data) => {
    const documents = strapi.documents(uid as never) as unknown as Documents;
    const ids: string[] = new Array(count);
    const has = async (documentId: string, locale: string, status: string) => (await documents.findFirst({ documentId, locale, status, fields: ['id'] })) !== null;
    await inLanes(count, LANES, async (index) => {
      const data = english(index);
      const found = await documents.findFirst({ locale: 'en', status: 'draft', filters: { [key]: data[key] }, fields: ['id'] });
      const documentId = found?.documentId ?? (await documents.create({ locale: 'en', data })).documentId;
      if (!found || !(await has(documentId, 'en', 'published'))) await documents.publish({ documentId, locale: 'en' });
      if (index < frenchCount) {
        if (!found || !(await has(documentId, 'fr', 'draft'))) await documents.update({ documentId, locale: 'fr', data: inFrench(index) });
        if (!found || !(await has(documentId, 'fr', 'published'))) await documents.publish({ documentId, locale: 'fr' });
      }
      ids[index] = documentId;
      if ((index + 1) % 1000 === 0) log(`${uid}: ${index + 1}`);
    });
    return ids;
  };

  // Data is drawn before the lanes start, so the seed alone decides it.
  const draw = <T>(count: number, one: (index: number) => T) => Array.from({ length: count }, (_, index) => one(index));
  const location = (faker: Faker) => ({ venue: faker.company.name(), city: faker.location.city(), countryCode: faker.location.countryCode('alpha-2') });

  const topicTexts = draw(sizes.topics, (index) => ({
    en: { name: `${english.word.adjective()} ${english.word.noun()} ${index + 1}`, description: english.lorem.sentence() },
    fr: { name: `${french.word.noun()} ${french.word.adjective()} ${index + 1}`, description: french.lorem.sentence() },
  }));
  const topics = await make('api::topic.topic', 'name', sizes.topics, sizes.topics, (i) => topicTexts[i].en, (i) => topicTexts[i].fr);

  const frenchPeople = Math.round(sizes.people / 4);
  const people = draw(sizes.people, () => ({
    en: {
      fullName: english.person.fullName(),
      honorific: english.person.prefix(),
      role: english.person.jobTitle(),
      organisation: english.company.name(),
      countryCode: english.location.countryCode('alpha-2'),
      biography: english.lorem.paragraph(),
      portrait: pick(images).id,
    },
    fr: { role: french.person.jobTitle(), organisation: french.company.name(), biography: french.lorem.paragraph() },
  }));
  const personIds = await make('api::person.person', 'fullName', sizes.people, frenchPeople, (i) => people[i].en, (i) => ({ fullName: people[i].en.fullName, ...people[i].fr }));
  log('people done');

  const frenchMeetings = Math.round(sizes.meetings / 4);
  const meetings = draw(sizes.meetings, (index) => {
    const starts = english.date.between({ from: '2015-01-01T00:00:00Z', to: '2026-06-30T00:00:00Z' });
    // A meeting with a French version has participants who have one too.
    const participants = some(index < frenchMeetings ? personIds.slice(0, frenchPeople) : personIds, 2, 6);
    const shared = { kind: pick(KINDS), startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + english.number.int({ min: 1, max: 8 }) * 3_600_000).toISOString(), participants };
    return {
      en: { ...shared, title: english.lorem.words({ min: 3, max: 7 }), host: english.company.name(), location: location(english) },
      fr: { ...shared, title: french.lorem.words({ min: 3, max: 7 }), host: french.company.name(), location: location(french) },
    };
  });
  const meetingIds = await make('api::meeting.meeting', 'title', sizes.meetings, frenchMeetings, (i) => meetings[i].en, (i) => meetings[i].fr);
  log('meetings done');

  const frenchVideos = Math.round(sizes.videos / 4);
  const videos = draw(sizes.videos, () => {
    const width = pick([1920, 1280, 3840]);
    const height = Math.round((width * 9) / 16);
    const duration = english.number.int({ min: 30, max: 3600 });
    const fr = { title: french.lorem.words({ min: 4, max: 9 }), description: french.lorem.paragraph() };
    const en = {
      title: english.lorem.words({ min: 4, max: 9 }),
      description: english.lorem.paragraph(),
      recordedAt: english.date.between({ from: '2015-01-01T00:00:00Z', to: '2026-06-30T00:00:00Z' }).toISOString(),
      location: location(english),
      credit: english.company.name(),
      usageTerms: english.lorem.sentence(),
      poster: pick(images).id,
      technical: { durationSeconds: duration, width, height, frameRate: 25, scanType: 'interlaced', videoCodec: 'mpeg2video', audioChannels: 2, audioSampleRate: 48000, sizeBytes: String(duration * 6_250_000) },
      renditions: [
        { kind: 'broadcast-master', label: `Broadcast master ${width}x${height} 25i`, container: 'mxf', codecs: 'mpeg2video, pcm_s24le', width, height, bitrate: 50000, sizeBytes: String(duration * 6_250_000), durationSeconds: duration, status: 'ready', checksum: `sha256:${english.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' })}` },
        { kind: 'web-proxy', label: 'Web proxy 1280x720 25p', container: 'mp4', codecs: 'h264, aac', width: 1280, height: 720, bitrate: 2500, sizeBytes: String(duration * 312_500), durationSeconds: duration, status: 'ready', file: pick(proxies).id },
      ],
      shots: draw(english.number.int({ min: 2, max: 6 }), (n) => ({ timecode: `00:0${n}:00:00`, description: english.lorem.sentence() })),
    };
    return { en, fr };
  });
  const videoIds = await make('api::video-asset.video-asset', 'title', sizes.videos, frenchVideos, (i) => videos[i].en, (i) => videos[i].fr);
  log('videos done');

  // French stories pick from the people, meetings and videos that have a French version.
  const frenchArticles = Math.round(sizes.articles * sizes.frenchShare);
  const articles = draw(sizes.articles, (index) => {
    const inFrench = index < frenchArticles;
    const from = <T>(list: T[], share: number) => (inFrench ? list.slice(0, Math.round(list.length * share)) : list);
    // Relations are kept per language: the French version names the same documents.
    const shared = {
      date: english.date.between({ from: '2015-01-01T00:00:00Z', to: '2026-06-30T00:00:00Z' }).toISOString().slice(0, 10),
      cover: pick(images).id,
      people: some(from(personIds, 1 / 4), 3, 8),
      meeting: pick(from(meetingIds, 1 / 4)),
      topics: some(topics, 1, 3),
      videos: some(from(videoIds, 1 / 4), 1, 2),
    };
    const texts = (faker: Faker) => ({
      title: faker.lorem.sentence({ min: 5, max: 12 }),
      summary: faker.lorem.sentences(2),
      body: draw(faker.number.int({ min: 2, max: 5 }), () => ({ type: 'paragraph', children: [{ type: 'text', text: faker.lorem.paragraph() }] })),
      location: location(faker),
      seo: { metaTitle: faker.lorem.words(5), metaDescription: faker.lorem.sentence() },
    });
    return { en: { ...shared, ...texts(english) }, fr: { ...shared, ...texts(french) } };
  });
  await make('api::article.article', 'title', sizes.articles, frenchArticles, (i) => articles[i].en, (i) => articles[i].fr);
  log('articles done');
};
