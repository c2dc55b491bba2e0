'use strict';

/*
 * The floor of the content-API benchmark: a bare node:http server that answers the benchmark's
 * story lists from the same PostgreSQL database with hand-written SQL (eight statements per
 * request, five of them at once), in the same JSON shape as the app's default populate. No
 * framework, no cache.
 * Usage: DATABASE_URL=… PORT=… node floor.js (prints READY).
 */
const http = require('node:http');
const qs = require('qs');
const pg = require('pg');

// DATE columns as written ('2023-10-24'), as Strapi answers them.
pg.types.setTypeParser(1082, (value) => value);

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const FORMATS = ['thumbnail', 'small', 'medium'];

const iso = (value) => (value === null ? null : value.toISOString());
const number = (value) => (value === null ? null : Number(value));

const image = (file) =>
  file
    ? {
        id: file.id,
        documentId: file.document_id,
        url: file.url,
        alternativeText: file.alternative_text,
        width: file.width,
        height: file.height,
        mime: file.mime,
        formats: file.formats
          ? Object.fromEntries(FORMATS.filter((name) => file.formats[name]).map((name) => [name, { url: file.formats[name].url, width: file.formats[name].width, height: file.formats[name].height }]))
          : null,
      }
    : null;

const location = (row) => (row && row.id !== null ? { id: row.id, venue: row.venue, city: row.city, countryCode: row.country_code } : null);

const groupBy = (rows, key) => {
  const groups = new Map();
  for (const row of rows) {
    if (!groups.has(row[key])) groups.set(row[key], []);
    groups.get(row[key]).push(row);
  }
  return groups;
};

/** GET /api/articles with locale, pagination, and filters on slug, people's slug and date. */
const list = async (query) => {
  const locale = query.locale ?? 'en';
  const pageSize = Math.min(Number(query.pagination?.pageSize ?? 25), 100);
  const page = Math.max(Number(query.pagination?.page ?? 1), 1);
  const filters = query.filters ?? {};
  const where = ['a.published_at is not null', 'a.locale = $1'];
  const values = [locale];
  const bind = (value) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (filters.slug?.$eq) where.push(`a.slug = ${bind(filters.slug.$eq)}`);
  if (filters.date?.$gte) where.push(`a.date >= ${bind(filters.date.$gte)}`);
  if (filters.date?.$lte) where.push(`a.date <= ${bind(filters.date.$lte)}`);
  if (filters.people?.slug?.$eq) {
    where.push(`exists (select 1 from articles_people_lnk l join people p on p.id = l.person_id where l.article_id = a.id and p.slug = ${bind(filters.people.slug.$eq)})`);
  }

  // 1. The page (by the published (locale, date) index), 2. the total.
  const [{ rows: articles }, counted] = await Promise.all([
    pool.query(
      `select a.id, a.document_id, a.title, a.slug, a.date, a.summary, a.body, a.created_at, a.updated_at, a.published_at, a.locale
         from articles a where ${where.join(' and ')}
        order by a.date desc, a.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`,
      values
    ),
    pool.query(`select count(*) as total from articles a where ${where.join(' and ')}`, values),
  ]);
  const ids = articles.map((row) => row.id);
  const total = Number(counted.rows[0].total);
  const meta = { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
  if (ids.length === 0) return { data: [], meta };

  // 3–6. Relations, 7. components, 8. images.
  const [people, meetings, topics, videos, components] = await Promise.all([
    pool.query(
      `select l.article_id, p.id, p.document_id, p.full_name, p.slug, p.honorific, p.role, p.organisation, p.country_code
         from articles_people_lnk l join people p on p.id = l.person_id
        where l.article_id = any($1) and p.published_at is not null order by l.article_id, l.person_ord`,
      [ids]
    ),
    pool.query(
      `select l.article_id, m.id, m.document_id, m.title, m.slug, m.kind, m.starts_at, m.ends_at,
              c.id as location_id, c.venue, c.city, c.country_code
         from articles_meeting_lnk l join meetings m on m.id = l.meeting_id
         left join meetings_cmps mc on mc.entity_id = m.id and mc.field = 'location'
         left join components_shared_locations c on c.id = mc.cmp_id
        where l.article_id = any($1) and m.published_at is not null`,
      [ids]
    ),
    pool.query(
      `select l.article_id, t.id, t.document_id, t.name, t.slug
         from articles_topics_lnk l join topics t on t.id = l.topic_id
        where l.article_id = any($1) and t.published_at is not null order by l.article_id, l.topic_ord`,
      [ids]
    ),
    pool.query(
      `select l.article_id, v.id, v.document_id, v.title, v.slug, v.recorded_at, v.credit, v.embargo_until,
              tm.id as technical_id, tm.duration_seconds, tm.width, tm.height, tm.frame_rate, tm.scan_type,
              (select coalesce(json_agg(json_build_object('id', r.id, 'kind', r.kind, 'label', r.label, 'container', r.container,
                        'codecs', r.codecs, 'width', r.width, 'height', r.height, 'bitrate', r.bitrate, 'sizeBytes', r.size_bytes::text,
                        'durationSeconds', r.duration_seconds, 'status', r.status) order by rc."order"), '[]')
                 from video_assets_cmps rc join components_media_renditions r on r.id = rc.cmp_id
                where rc.entity_id = v.id and rc.field = 'renditions') as renditions
         from articles_videos_lnk l join video_assets v on v.id = l.video_asset_id
         left join video_assets_cmps tc on tc.entity_id = v.id and tc.field = 'technical'
         left join components_media_technical_metadata tm on tm.id = tc.cmp_id
        where l.article_id = any($1) and v.published_at is not null order by l.article_id, l.video_asset_ord`,
      [ids]
    ),
    pool.query(
      `select ac.entity_id as article_id, ac.field, loc.id as location_id, loc.venue, loc.city, loc.country_code,
              seo.id as seo_id, seo.meta_title, seo.meta_description
         from articles_cmps ac
         left join components_shared_locations loc on ac.field = 'location' and loc.id = ac.cmp_id
         left join components_shared_seos seo on ac.field = 'seo' and seo.id = ac.cmp_id
        where ac.entity_id = any($1)`,
      [ids]
    ),
  ]);

  const seoIds = components.rows.filter((row) => row.field === 'seo').map((row) => row.seo_id);
  const renditionIds = videos.rows.flatMap((row) => row.renditions.map((rendition) => rendition.id));
  const { rows: files } = await pool.query(
    `select m.related_type, m.related_id, m.field, f.id, f.document_id, f.url, f.alternative_text, f.width, f.height, f.mime, f.formats, f.size
       from files_related_mph m join files f on f.id = m.file_id
      where (m.related_type = 'api::article.article' and m.field = 'cover' and m.related_id = any($1))
         or (m.related_type = 'shared.seo' and m.field = 'shareImage' and m.related_id = any($2))
         or (m.related_type = 'api::person.person' and m.field = 'portrait' and m.related_id = any($3))
         or (m.related_type = 'api::video-asset.video-asset' and m.field = 'poster' and m.related_id = any($4))
         or (m.related_type = 'media.rendition' and m.field = 'file' and m.related_id = any($5))`,
    [ids, seoIds, people.rows.map((row) => row.id), videos.rows.map((row) => row.id), renditionIds]
  );
  const fileOf = new Map(files.map((row) => [`${row.related_type}:${row.field}:${row.related_id}`, row]));
  const file = (type, field, id) => fileOf.get(`${type}:${field}:${id}`) ?? null;

  const peopleOf = groupBy(people.rows, 'article_id');
  const meetingOf = new Map(meetings.rows.map((row) => [row.article_id, row]));
  const topicsOf = groupBy(topics.rows, 'article_id');
  const videosOf = groupBy(videos.rows, 'article_id');
  const componentsOf = groupBy(components.rows, 'article_id');

  const data = articles.map((row) => {
    const own = componentsOf.get(row.id) ?? [];
    const seo = own.find((component) => component.field === 'seo');
    const place = own.find((component) => component.field === 'location');
    const meeting = meetingOf.get(row.id);
    return {
      id: row.id,
      documentId: row.document_id,
      title: row.title,
      slug: row.slug,
      date: row.date,
      summary: row.summary,
      body: row.body,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      publishedAt: iso(row.published_at),
      locale: row.locale,
      location: place ? location({ ...place, id: place.location_id }) : null,
      seo: seo ? { id: seo.seo_id, metaTitle: seo.meta_title, metaDescription: seo.meta_description, shareImage: image(file('shared.seo', 'shareImage', seo.seo_id)) } : null,
      cover: image(file('api::article.article', 'cover', row.id)),
      people: (peopleOf.get(row.id) ?? []).map((person) => ({
        id: person.id,
        documentId: person.document_id,
        fullName: person.full_name,
        slug: person.slug,
        honorific: person.honorific,
        role: person.role,
        organisation: person.organisation,
        countryCode: person.country_code,
        portrait: image(file('api::person.person', 'portrait', person.id)),
      })),
      meeting: meeting
        ? {
            id: meeting.id,
            documentId: meeting.document_id,
            title: meeting.title,
            slug: meeting.slug,
            kind: meeting.kind,
            startsAt: iso(meeting.starts_at),
            endsAt: iso(meeting.ends_at),
            location: location({ ...meeting, id: meeting.location_id }),
          }
        : null,
      topics: (topicsOf.get(row.id) ?? []).map((topic) => ({ id: topic.id, documentId: topic.document_id, name: topic.name, slug: topic.slug })),
      videos: (videosOf.get(row.id) ?? []).map((video) => ({
        id: video.id,
        documentId: video.document_id,
        title: video.title,
        slug: video.slug,
        recordedAt: iso(video.recorded_at),
        credit: video.credit,
        embargoUntil: iso(video.embargo_until),
        poster: image(file('api::video-asset.video-asset', 'poster', video.id)),
        technical:
          video.technical_id === null
            ? null
            : { id: video.technical_id, durationSeconds: number(video.duration_seconds), width: video.width, height: video.height, frameRate: number(video.frame_rate), scanType: video.scan_type },
        renditions: video.renditions.map((rendition) => {
          const proxy = file('media.rendition', 'file', rendition.id);
          return {
            ...rendition,
            durationSeconds: number(rendition.durationSeconds),
            file: proxy ? { id: proxy.id, documentId: proxy.document_id, url: proxy.url, mime: proxy.mime, size: number(proxy.size) } : null,
          };
        }),
      })),
    };
  });
  return { data, meta };
};

const server = http.createServer((request, response) => {
  const [pathname, search = ''] = request.url.split('?');
  if (request.method !== 'GET' || pathname !== '/api/articles') {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"data":null,"error":{"status":404,"name":"NotFoundError","message":"Not Found","details":{}}}');
    return;
  }
  list(qs.parse(search, { depth: 5 })).then(
    (answer) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(answer));
    },
    (error) => {
      process.stderr.write(`${error.stack}\n`);
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"data":null,"error":{"status":500,"name":"InternalServerError","message":"Internal Server Error","details":{}}}');
    }
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('READY\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
