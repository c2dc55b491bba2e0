import { parse } from 'csv-parse/sync';
import { recipient } from '../helpers/accounts';
import { adminWith as invite, as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Staff's side of the newsletter list: search and counts, CSV import and export, suppress and
 * delete, each behind the plugin's admin permissions.
 */

const SUBSCRIBER = 'plugin::newsletter.subscriber';

let app: TestApp;
let smtp: SmtpSink;
let chief: string;
let reader: string;
let outsider: string;

const importCsv = (csv: string, status = 'subscribed', token = chief) =>
  app.request().post(`/newsletter/subscribers/import?status=${status}`).set(as(token)).set('Content-Type', 'text/csv').send(csv);
const statusOf = async (email: string) => ((await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email } })) as { status: string } | null)?.status;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: { ...smtp.env(), MAIL_WORKER_POLL_MS: '100' } });
  chief = await registerChief(app);
  reader = await invite(app, chief, 'Newsletter Reader', ['plugin::newsletter.subscribers.read']);
  outsider = await invite(app, chief, 'Video Editor', ['plugin::upload.read']);
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe('import', () => {
  it('creates, updates and skips as the file says, and reports bad lines by number', async () => {
    const csv = [
      'Email,Locale,Name',
      'ana@example.org,fr,Ana Reporter',
      'not-an-address,en,Nobody',
      ',en,No Email',
      'bo@example.org,de,Bo',
      'cy@example.org,,Cy',
      'ANA@example.org,fr,Ana Again',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 2,
      updated: 0,
      skipped: 1,
      suppressed: 0,
      errors: [
        { line: 3, message: '"not-an-address" is not an email address' },
        { line: 4, message: 'email is missing' },
        { line: 5, message: 'locale must be en or fr, not "de"' },
      ],
    });
    const ana = await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email: 'ana@example.org' } });
    expect(ana).toMatchObject({ status: 'subscribed', source: 'import', locale: 'fr', name: 'Ana Again', consentedAt: expect.anything() });

    const again = await importCsv('email,name\ncy@example.org,Cy Renamed\ndi@example.org,Di');
    expect(again.body).toEqual({ created: 1, updated: 1, skipped: 0, suppressed: 0, errors: [] });
  });

  it('never resubscribes an address that left or was suppressed', async () => {
    await importCsv('email\nleft@example.org\nbounced@example.org').expect(200);
    const left = await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email: 'left@example.org' } });
    await app.strapi.db.query(SUBSCRIBER).update({ where: { id: left.id }, data: { status: 'unsubscribed', unsubscribedAt: new Date() } });
    const bounced = await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email: 'bounced@example.org' } });
    await app.request().post(`/newsletter/subscribers/${bounced.id}/suppress`).set(as(chief)).expect(200);

    const res = await importCsv('email,name\nleft@example.org,Left\nbounced@example.org,Bounced');
    expect(res.body).toEqual({ created: 0, updated: 0, skipped: 1, suppressed: 1, errors: [] });
    expect(await statusOf('left@example.org')).toBe('unsubscribed');
    expect(await statusOf('bounced@example.org')).toBe('suppressed');
  });

  it('asks each new address of a pending import to confirm, by mail', async () => {
    const since = smtp.mails.length;
    const res = await app
      .request()
      .post('/newsletter/subscribers/import?status=pending')
      .set(as(chief))
      .attach('file', Buffer.from('email,locale\npending-one@example.org,en\npending-two@example.org,fr\n'), {
        filename: 'list.csv',
        contentType: 'text/csv',
      });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 0, skipped: 0, suppressed: 0, errors: [] });
    expect(await statusOf('pending-one@example.org')).toBe('pending');
    const french = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === 'pending-two@example.org');
    expect(french.subject).toBe('Confirmez votre abonnement à la lettre Newsreel');
    await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === 'pending-one@example.org');
  });

  it('imports 50,000 lines in one request', async () => {
    const lines = ['email,locale,name'];
    for (let i = 0; i < 50_000; i += 1) lines.push(`bulk${i}@example.org,${i % 2 ? 'fr' : 'en'},Reader ${i}`);
    const res = await importCsv(lines.join('\n'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 50_000, updated: 0, skipped: 0, suppressed: 0, errors: [] });
    expect(await app.strapi.db.query(SUBSCRIBER).count({ where: { email: { $startsWith: 'bulk' } } })).toBe(50_000);
  });

  it('reads at most 100,000 lines and says where it stopped', async () => {
    const lines = ['email'];
    for (let i = 0; i < 100_005; i += 1) lines.push(`not-an-address-${i}`);
    const res = await importCsv(lines.join('\n'));
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(0);
    // Bad lines are listed up to a thousand; the stop is always reported.
    expect(res.body.errors).toHaveLength(1001);
    expect(res.body.errors[0]).toEqual({ line: 2, message: '"not-an-address-0" is not an email address' });
    expect(res.body.errors[1000]).toEqual({ line: 100_001, message: 'the file has more than 100000 lines; the rest was not read' });
  });

  it.each([
    ['no status', '/newsletter/subscribers/import', 'text/csv', 'email\na@example.org'],
    ['an unknown status', '/newsletter/subscribers/import?status=unsubscribed', 'text/csv', 'email\na@example.org'],
    ['a JSON body', '/newsletter/subscribers/import?status=subscribed', 'application/json', '{"email":"a@example.org"}'],
  ])('answers 400 to %s', async (_label, path, type, body) => {
    const res = await app.request().post(path).set(as(chief)).set('Content-Type', type).send(body);
    expect(res.status).toBe(400);
  });

  it('reports a file without an email column', async () => {
    const res = await importCsv('name,locale\nAna,fr');
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([{ line: 1, message: 'the first line must name the columns, among them "email"' }]);
    expect(res.body.created).toBe(0);
  });
});

describe('list and export', () => {
  it('searches, filters by status and counts every status', async () => {
    const res = await app.request().get('/newsletter/subscribers?q=ana@&status=subscribed&page=1&pageSize=10').set(as(reader));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ email: 'ana@example.org', status: 'subscribed', locale: 'fr', source: 'import', consentedAt: expect.any(String) }),
    ]);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 1 });
    const counts = res.body.meta.counts;
    expect(Object.keys(counts).sort()).toEqual(['pending', 'subscribed', 'suppressed', 'unsubscribed']);
    expect(counts.suppressed).toBe(1);
    expect(counts.unsubscribed).toBe(1);
    expect(counts.subscribed).toBe(await app.strapi.db.query(SUBSCRIBER).count({ where: { status: 'subscribed' } }));
  });

  it('exports every subscriber as CSV, which round-trips what was imported', async () => {
    const res = await app.request().get('/newsletter/subscribers/export').set(as(reader)).buffer(true).parse((response, done) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="newsletter-subscribers-/);
    const rows = parse(res.body as string, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(await app.strapi.db.query(SUBSCRIBER).count({}));
    const byEmail = new Map(rows.map((row) => [row.email, row]));
    expect(byEmail.get('ana@example.org')).toMatchObject({ name: 'Ana Again', locale: 'fr', status: 'subscribed', source: 'import' });
    expect(byEmail.get('bulk49999@example.org')).toMatchObject({ name: 'Reader 49999', locale: 'fr', status: 'subscribed' });
    expect(byEmail.get('left@example.org')).toMatchObject({ status: 'unsubscribed', unsubscribedAt: expect.stringMatching(/^\d{4}-/) });
    expect(byEmail.get('bounced@example.org')).toMatchObject({ status: 'suppressed', suppressionReason: 'staff', suppressedAt: expect.stringMatching(/^\d{4}-/) });
  });

  it.each([
    ['an unknown status', '?status=gone'],
    ['a page of zero', '?page=0'],
    ['a page size over 100', '?pageSize=1000'],
    ['an unknown parameter', '?sort=email'],
  ])('answers 400 to %s', async (_label, query) => {
    expect((await app.request().get(`/newsletter/subscribers${query}`).set(as(chief))).status).toBe(400);
  });
});

describe('suppress and delete', () => {
  it('suppresses and deletes one subscriber, and answers 404 for an unknown one', async () => {
    const row = await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email: 'cy@example.org' } });
    const suppressed = await app.request().post(`/newsletter/subscribers/${row.id}/suppress`).set(as(chief));
    expect(suppressed.status).toBe(200);
    expect(suppressed.body.data).toMatchObject({ email: 'cy@example.org', status: 'suppressed' });
    expect((await app.request().delete(`/newsletter/subscribers/${row.id}`).set(as(chief))).status).toBe(200);
    expect(await statusOf('cy@example.org')).toBeUndefined();
    expect((await app.request().delete(`/newsletter/subscribers/${row.id}`).set(as(chief))).status).toBe(404);
    expect((await app.request().post('/newsletter/subscribers/999999/suppress').set(as(chief))).status).toBe(404);
    expect((await app.request().post('/newsletter/subscribers/abc/suppress').set(as(chief))).status).toBe(400);
  });
});

describe('permissions', () => {
  const ROUTES: [string, string][] = [
    ['get', '/newsletter/subscribers'],
    ['get', '/newsletter/subscribers/export'],
    ['post', '/newsletter/subscribers/import?status=subscribed'],
    ['post', '/newsletter/subscribers/1/suppress'],
    ['delete', '/newsletter/subscribers/1'],
  ];
  const call = (method: string, path: string, token?: string) => {
    const agent = app.request();
    const req = method === 'get' ? agent.get(path) : method === 'post' ? agent.post(path) : agent.delete(path);
    return token ? req.set(as(token)) : req;
  };

  it.each(ROUTES)('refuses %s %s to a role without the plugin permission (403) and to nobody (401)', async (method, path) => {
    expect((await call(method, path, outsider)).status).toBe(403);
    expect((await call(method, path)).status).toBe(401);
  });

  it('gives a read-only role the list and the export, and nothing else', async () => {
    expect((await call('get', '/newsletter/subscribers', reader)).status).toBe(200);
    expect((await call('get', '/newsletter/subscribers/export', reader)).status).toBe(200);
    for (const [method, path] of ROUTES.slice(2)) expect((await call(method, path, reader)).status).toBe(403);
  });
});
