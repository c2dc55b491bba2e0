import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

/*
 * Loads database/seed/content.json (the five sample stories, in English and French) through the
 * document service, so slugs, validation and i18n behave exactly as for staff edits. Every entry
 * is looked up first by its English title or name, so a second run creates nothing twice and a
 * run cut short is finished by the next one.
 */

type Locale = 'en' | 'fr';
const LOCALES: Locale[] = ['en', 'fr'];
const SECOND_LOCALE: Locale = 'fr';

type Localized<T> = { key: string } & Record<Locale, T>;
interface Place {
  venue: string;
  city: string;
  countryCode: string;
}
interface SeedContent {
  topics: Localized<{ name: string; description: string }>[];
  people: (Localized<{ honorific: string; role: string; organisation: string; biography: string }> & {
    fullName: string;
    countryCode: string;
    portrait: string;
  })[];
  meetings: (Localized<{ title: string; host: string; location: Place }> & {
    kind: string;
    startsAt: string;
    endsAt: string;
    participants: string[];
  })[];
  videos: (Localized<{
    title: string;
    description: string;
    usageTerms: string;
    location: Place;
    shots: { timecode: string; description: string }[];
  }> & { recordedAt: string; credit: string })[];
  articles: (Localized<{
    title: string;
    summary: string;
    location: Place;
    body: string[];
    seo: { metaTitle: string; metaDescription: string };
  }> & { date: string; cover: string; people: string[]; meeting: string; videos: string[]; topics: string[] })[];
}
/** The video-masters plugin's probe service: ffprobe's facts in the shape of our components. */
interface Probe {
  facts(input: string, extension: string): Promise<unknown>;
  toComponents(facts: unknown, kind: string, sizeBytes: string): { rendition: Record<string, unknown>; technical: Record<string, unknown> };
}

/** The seeded types; all have draft & publish. */
type SeededUid =
  | 'api::article.article'
  | 'api::person.person'
  | 'api::meeting.meeting'
  | 'api::topic.topic'
  | 'api::video-asset.video-asset';

export interface SeedReport {
  created: number;
  existing: number;
}

const MIME_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
};

const paragraphs = (texts: string[]) =>
  texts.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));

const sha256 = async (file: string) => {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
};

export const seedDir = (strapi: Core.Strapi) => path.join(strapi.dirs.app.root, 'database', 'seed');

export const loadSampleContent = async (strapi: Core.Strapi): Promise<SeedReport> => {
  const dir = seedDir(strapi);
  const content = JSON.parse(fs.readFileSync(path.join(dir, 'content.json'), 'utf8')) as SeedContent;
  const report: SeedReport = { created: 0, existing: 0 };
  // Masters go where the video-masters plugin keeps them: the private bucket or folder.
  const storage = strapi.plugin('video-masters').service('storage') as { put(key: string, file: string, type: string): Promise<void> };
  // Their technical metadata is read from the files by ffprobe, as for staff uploads.
  const probe = strapi.plugin('video-masters').service('probe') as Probe;
  const log = (message: string) => strapi.log.info(`[seed] ${message}`);

  /** The media-library file named `name`, uploaded from database/seed/media when missing. */
  const mediaFile = async (name: string, alternativeText: string): Promise<number> => {
    const upload = strapi.plugin('upload').service('upload');
    const [found] = (await upload.findMany({ filters: { name } })) as { id: number }[];
    if (found) return found.id;
    const filepath = path.join(dir, 'media', name);
    const [file] = (await upload.upload({
      data: { fileInfo: { name, alternativeText, caption: alternativeText } },
      files: {
        filepath,
        originalFilename: name,
        mimetype: MIME_TYPES[path.extname(name)],
        size: fs.statSync(filepath).size,
      },
    })) as { id: number }[];
    return file.id;
  };

  /**
   * Finds the document whose English `field` equals `value`, or creates it from `build(locale)`;
   * then makes sure both locales exist and are published.
   */
  const ensure = async (
    uid: SeededUid,
    field: string,
    value: string,
    build: (locale: Locale) => Promise<Record<string, unknown>>
  ): Promise<string> => {
    const documents = strapi.documents(uid);
    const found = await documents.findFirst({ locale: 'en', status: 'draft', filters: { [field]: value } });
    let documentId = found?.documentId;
    if (documentId) {
      report.existing += 1;
    } else {
      const created = await documents.create({ locale: 'en', data: await build('en') } as never);
      documentId = created.documentId;
      report.created += 1;
      log(`created ${uid} "${value}"`);
    }
    const second = await documents.findOne({ documentId, locale: SECOND_LOCALE, status: 'draft' });
    if (!second) {
      await documents.update({ documentId, locale: SECOND_LOCALE, data: await build(SECOND_LOCALE) } as never);
    }
    for (const locale of LOCALES) {
      const published = await documents.findOne({ documentId, locale, status: 'published' });
      if (!published) await documents.publish({ documentId, locale });
    }
    return documentId;
  };

  const ids = { topics: new Map<string, string>(), people: new Map<string, string>() };
  const meetings = new Map<string, string>();
  const videos = new Map<string, string>();

  log(`loading ${content.articles.length} stories from ${dir}`);

  for (const topic of content.topics) {
    ids.topics.set(topic.key, await ensure('api::topic.topic', 'name', topic.en.name, async (l) => ({ ...topic[l] })));
  }

  for (const person of content.people) {
    const portrait = await mediaFile(person.portrait, `Portrait of ${person.fullName}`);
    const documentId = await ensure('api::person.person', 'fullName', person.fullName, async (l) => ({
      fullName: person.fullName,
      countryCode: person.countryCode,
      portrait,
      ...person[l],
    }));
    ids.people.set(person.key, documentId);
  }

  for (const meeting of content.meetings) {
    const documentId = await ensure('api::meeting.meeting', 'title', meeting.en.title, async (l) => ({
      kind: meeting.kind,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      participants: meeting.participants.map((key) => ids.people.get(key)),
      ...meeting[l],
    }));
    meetings.set(meeting.key, documentId);
  }

  for (const video of content.videos) {
    const masterFile = `${video.key}-master.mov`;
    const proxyFile = `${video.key}-proxy.mp4`;
    const masterPath = path.join(dir, 'media', masterFile);
    const proxyPath = path.join(dir, 'media', proxyFile);
    const storageKey = `masters/${video.key}/${masterFile}`;
    const documentId = await ensure('api::video-asset.video-asset', 'title', video.en.title, async (l) => {
      await storage.put(storageKey, masterPath, MIME_TYPES['.mov']);
      const size = (file: string) => String(fs.statSync(file).size);
      const master = probe.toComponents(await probe.facts(masterPath, '.mov'), 'broadcast-master', size(masterPath));
      const proxy = probe.toComponents(await probe.facts(proxyPath, '.mp4'), 'web-proxy', size(proxyPath));
      return {
        recordedAt: video.recordedAt,
        credit: video.credit,
        poster: await mediaFile(`${video.key}-poster.jpg`, video.en.title),
        technical: master.technical,
        renditions: [
          { kind: 'broadcast-master', ...master.rendition, status: 'ready', checksum: await sha256(masterPath), storageKey },
          {
            kind: 'web-proxy',
            ...proxy.rendition,
            status: 'ready',
            checksum: await sha256(proxyPath),
            file: await mediaFile(proxyFile, `${video.en.title} (web proxy)`),
          },
        ],
        ...video[l],
      };
    });
    videos.set(video.key, documentId);
  }

  for (const article of content.articles) {
    await ensure('api::article.article', 'title', article.en.title, async (l) => ({
      date: article.date,
      cover: await mediaFile(article.cover, article.en.title),
      people: article.people.map((key) => ids.people.get(key)),
      meeting: meetings.get(article.meeting),
      videos: article.videos.map((key) => videos.get(key)),
      topics: article.topics.map((key) => ids.topics.get(key)),
      title: article[l].title,
      summary: article[l].summary,
      location: article[l].location,
      body: paragraphs(article[l].body),
      seo: article[l].seo,
    }));
  }

  log(`done: ${report.created} created, ${report.existing} already there`);
  return report;
};

/** On boot: only into a database that has no articles yet, and only when SEED_SAMPLE_CONTENT allows. */
export const seedOnBoot = async (strapi: Core.Strapi): Promise<void> => {
  const enabled = process.env.SEED_SAMPLE_CONTENT ?? String(strapi.config.get('environment') === 'development');
  if (enabled !== 'true') return;
  const articles = await strapi.documents('api::article.article').count({});
  if (articles > 0) return;
  await loadSampleContent(strapi);
};
