import { as, registerChief } from '../helpers/admin';
import { createVerifiedAccount } from '../helpers/accounts';
import { startApp, type TestApp } from '../helpers/app';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Every role that can log in reads at least what the public reads: a journalist's frontend that
 * sends its JWT with content requests gets the stories an anonymous visitor gets, on a fresh
 * database, after an upgrade from a database whose roles lacked the grants, and in a role staff
 * create in the admin.
 */

const PASSWORD = 'Brussels-Desk-2024!';
const TYPES = ['articles', 'people', 'meetings', 'topics', 'video-assets'];
const ROLE = 'plugin::users-permissions.role';
const PERMISSION = 'plugin::users-permissions.permission';
const USER = 'plugin::users-permissions.user';

let app: TestApp;
let smtp: SmtpSink;
let jwt: string;
let userId: number;

/** Each type's list and its first entry's detail, read with `token` and anonymously. */
const readAll = async (token: string) => {
  for (const type of TYPES) {
    const anonymous = await app.request().get(`/api/${type}?locale=fr`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data.length).toBeGreaterThan(0);
    const list = await app.request().get(`/api/${type}?locale=fr`).set(as(token));
    expect([type, list.status]).toEqual([type, 200]);
    expect(list.body.data).toEqual(anonymous.body.data);

    const path = `/api/${type}/${anonymous.body.data[0].documentId}`;
    const detail = await app.request().get(path).set(as(token));
    expect([path, detail.status]).toEqual([path, 200]);
    expect(detail.body.data).toEqual((await app.request().get(path)).body.data);
  }
};

const roleOfType = async (type: string) => app.strapi.db.query(ROLE).findOne({ where: { type } });

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ seed: true, env: smtp.env() });
  ({ jwt, user: { id: userId } } = await createVerifiedAccount(app, smtp, 'reporter@broadcaster.example', PASSWORD));
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

it('lets a logged-in journalist read every public list and detail with the JWT, as anonymous visitors do', async () => {
  await readAll(jwt);
});

it('still refuses what the public may not do, with or without a JWT', async () => {
  const [story] = (await app.request().get('/api/articles')).body.data;
  for (const headers of [{}, as(jwt)]) {
    expect((await app.request().put(`/api/articles/${story.documentId}`).set(headers).send({ data: { title: 'Changed' } })).status).toBe(403);
    expect((await app.request().get('/api/articles?status=draft').set(headers)).status).toBe(403);
  }
});

it('grants the reads on the next boot to a role that lacked them, as an upgraded database has', async () => {
  const authenticated = await roleOfType('authenticated');
  await app.strapi.db.query(PERMISSION).deleteMany({ where: { role: authenticated.id, action: { $startsWith: 'api::' } } });
  expect((await app.request().get('/api/articles').set(as(jwt))).status).toBe(403);

  await app.close({ keepDatabase: true });
  app = await startApp({ seed: true, env: smtp.env(), database: app.database, dir: app.dir });
  await readAll(jwt);
});

it('grants the reads to a role staff create in the admin', async () => {
  const chief = await registerChief(app);
  const created = await app
    .request()
    .post('/users-permissions/roles')
    .set(as(chief))
    .send({ name: 'Broadcasters', description: 'Partner broadcasters', permissions: {} });
  expect(created.status).toBe(200);
  const role = await roleOfType('broadcasters');
  expect(role).toBeTruthy();
  await app.strapi.db.query(USER).update({ where: { id: userId }, data: { role: role.id } });

  await readAll(jwt);
  // What it holds on the content types is exactly what the public role holds.
  const actionsOf = async (id: number) =>
    ((await app.strapi.db.query(PERMISSION).findMany({ where: { role: id, action: { $startsWith: 'api::' } } })) as { action: string }[]).map((row) => row.action).sort();
  const publicActions = await actionsOf((await roleOfType('public')).id);
  expect(publicActions).toHaveLength(TYPES.length * 2);
  expect(await actionsOf(role.id)).toEqual(publicActions);
});
