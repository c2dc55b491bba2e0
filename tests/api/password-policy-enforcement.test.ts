import { codeMail, createVerifiedAccount } from '../helpers/accounts';
import { createApiToken, resetRateLimits, startApp, type TestApp } from '../helpers/app';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Every path that sets a password refuses a weak one (one details entry per failed rule, nothing
 * written) and accepts a good one: users-permissions, the Content Manager and admin-panel users.
 */

const WEAK = 'weakpass';
const WEAK_RULES = ['min-length', 'uppercase', 'digit', 'symbol'];
const GOOD = 'Brussels-Desk-2024!';
const BETTER = 'Stockholm-Forum-2023#';

let app: TestApp;
let smtp: SmtpSink;
let adminToken: string;
let apiToken: string;

const UP_USER = 'plugin::users-permissions.user';

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: smtp.env() });
  apiToken = await createApiToken(app.strapi);
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});
// This file creates more accounts than one IP may in ten minutes; each test starts afresh.
afterEach(() => resetRateLimits(app));

type Res = { status: number; body: { error?: { name: string; details: { errors: { path: string[]; rule: string; message: string }[] } } } };

/** The refusal the contract promises: 400 ValidationError, one entry per failed rule. */
const expectPolicyRefusal = (res: Res, rules = WEAK_RULES) => {
  expect(res.status).toBe(400);
  expect(res.body.error?.name).toBe('ValidationError');
  expect(res.body.error?.details.errors.map((e) => e.rule)).toEqual(rules);
  for (const entry of res.body.error!.details.errors) {
    expect(entry.path).toEqual(['password']);
    expect(entry.message).not.toContain(WEAK);
  }
};

const userCount = () => app.strapi.db.query(UP_USER).count({});
const hashOf = async (email: string) =>
  (await app.strapi.db.query(UP_USER).findOne({ where: { email }, select: ['password'] }))?.password as string;
const adminHashOf = async (email: string) =>
  (await app.strapi.db.query('admin::user').findOne({ where: { email }, select: ['password'] }))?.password as string;

const register = (email: string, password: unknown) =>
  app.request().post('/api/auth/local/register').send({ email, password });

const login = async (identifier: string, password: string) => {
  const res = await app.request().post('/api/auth/local').send({ identifier, password });
  return res;
};

// First, while the app has no administrator yet; later tests use the admin created here.
describe('first-admin registration', () => {
  const registerAdmin = (password: string) =>
    app.request().post('/admin/register-admin').send({
      email: 'chief@newsreel.test',
      firstname: 'Chief',
      lastname: 'Editor',
      password,
    });

  it('refuses a weak password and creates no admin, then accepts a good one', async () => {
    expectPolicyRefusal(await registerAdmin('Weakpass1'), ['min-length', 'symbol']);
    expectPolicyRefusal(await registerAdmin('Chief-Desk-2024!'), ['not-personal']);
    expect(await app.strapi.db.query('admin::user').count({})).toBe(0);
    const good = await registerAdmin(GOOD);
    expect(good.status).toBe(200);
    adminToken = good.body.data.token;
  });
});

describe('users-permissions', () => {
  it('register refuses a weak password and creates no user', async () => {
    const before = await userCount();
    expectPolicyRefusal(await register('weak.reporter@newsreel.test', WEAK));
    expect(await userCount()).toBe(before);
  });

  it('register refuses a password containing the email local part', async () => {
    const res = await register('stoltenberg@newsreel.test', 'Stoltenberg-2024!x');
    expectPolicyRefusal(res, ['not-personal']);
  });

  it('register accepts a good password', async () => {
    await createVerifiedAccount(app, smtp, 'good.reporter@newsreel.test', GOOD);
    expect((await login('good.reporter@newsreel.test', GOOD)).status).toBe(200);
  });

  it('register answers 400 for a password that is not a string', async () => {
    const res = await register('typed@newsreel.test', 123456789012345);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('password must be a string');
  });

  it('register answers 400 to a missing password, a 10 MB one and one that is not UTF-8', async () => {
    const missing = await app.request().post('/api/auth/local/register').send({ email: 'nopass@newsreel.test' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/password/);
    const huge = await register('huge@newsreel.test', 'Aa1!'.repeat(2.5 * 1024 * 1024));
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toMatch(/too large/);
    const bytes = Buffer.concat([
      Buffer.from('{"username":"latin","email":"latin@newsreel.test","password":"Brussels-'),
      Buffer.from([0xe9]),
      Buffer.from('-Desk-2024!"}'),
    ]);
    const res = await fetch(`${app.url}/api/auth/local/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('password is not valid UTF-8 text');
  });

  it('change-password refuses a weak password, keeps the hash, and accepts a good one', async () => {
    await createVerifiedAccount(app, smtp, 'changer@newsreel.test', GOOD);
    const { body } = await login('changer@newsreel.test', GOOD);
    const before = await hashOf('changer@newsreel.test');
    const change = (password: string) =>
      app
        .request()
        .post('/api/auth/change-password')
        .set('Authorization', `Bearer ${body.jwt}`)
        .send({ currentPassword: GOOD, password, passwordConfirmation: password });

    expectPolicyRefusal(await change(WEAK));
    expect(await hashOf('changer@newsreel.test')).toBe(before);
    expectPolicyRefusal(await change('Changer-Desk-2024!'), ['not-personal']);
    expect(await hashOf('changer@newsreel.test')).toBe(before);

    expect((await change(BETTER)).status).toBe(200);
    expect((await login('changer@newsreel.test', BETTER)).status).toBe(200);
  });

  it('reset-password (with the mailed code) refuses a weak password and accepts a good one', async () => {
    await createVerifiedAccount(app, smtp, 'forgetful@newsreel.test', GOOD);
    const before = await hashOf('forgetful@newsreel.test');
    const since = smtp.mails.length;
    await app.request().post('/api/auth/forgot-password').send({ email: 'forgetful@newsreel.test' }).expect(200);
    const { code } = await codeMail(smtp, 'forgetful@newsreel.test', since);
    const reset = (password: string) =>
      app
        .request()
        .post('/api/auth/reset-password')
        .send({ email: 'forgetful@newsreel.test', code, password, passwordConfirmation: password });

    expectPolicyRefusal(await reset(WEAK));
    expectPolicyRefusal(await reset('Forgetful-Desk-2024!'), ['not-personal']);
    expect(await hashOf('forgetful@newsreel.test')).toBe(before);
    expect((await reset(BETTER)).status).toBe(200);
    expect((await login('forgetful@newsreel.test', BETTER)).status).toBe(200);
  });

  it('POST /api/users refuses a weak password and accepts a good one', async () => {
    const before = await userCount();
    const create = (email: string, password: string) =>
      app
        .request()
        .post('/api/users')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ username: email.split('@')[0], email, password, role: 1 });
    expectPolicyRefusal(await create('api.weak@newsreel.test', WEAK));
    expect(await userCount()).toBe(before);
    expect((await create('api.good@newsreel.test', GOOD)).status).toBe(201);
  });

  it('PUT /api/users/:id refuses a weak password, keeps the hash, and accepts a good one', async () => {
    await createVerifiedAccount(app, smtp, 'edited@newsreel.test', GOOD);
    const user = await app.strapi.db.query(UP_USER).findOne({ where: { email: 'edited@newsreel.test' } });
    const before = await hashOf('edited@newsreel.test');
    const update = (password: string) =>
      app.request().put(`/api/users/${user.id}`).set('Authorization', `Bearer ${apiToken}`).send({ password });
    expectPolicyRefusal(await update(WEAK));
    // Identity comes from the stored account: the update body does not carry the email.
    expectPolicyRefusal(await update('Edited-Desk-2024!'), ['not-personal']);
    expect(await hashOf('edited@newsreel.test')).toBe(before);
    expect((await update(BETTER)).status).toBe(200);
    expect((await login('edited@newsreel.test', BETTER)).status).toBe(200);
  });
});

describe('Content Manager, editing users-permissions users', () => {
  const CM = `/content-manager/collection-types/${UP_USER}`;

  it('refuses a weak password on create and creates nothing, accepts a good one', async () => {
    const before = await userCount();
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const create = (email: string, password: string) =>
      app
        .request()
        .post(CM)
        .set('Authorization', `Bearer ${adminToken}`)
        .send({
          username: email.split('@')[0],
          email,
          password,
          confirmed: true,
          blocked: false,
          role: { connect: [{ documentId: role.documentId }] },
        });
    expectPolicyRefusal(await create('cm.weak@newsreel.test', WEAK));
    expect(await userCount()).toBe(before);
    const created = await create('cm.good@newsreel.test', GOOD);
    expect(created.status).toBe(201);
    expect((await login('cm.good@newsreel.test', GOOD)).status).toBe(200);
  });

  it('refuses a weak password on edit and keeps the hash, accepts a good one', async () => {
    await createVerifiedAccount(app, smtp, 'cm.edit@newsreel.test', GOOD);
    const user = await app.strapi.db.query(UP_USER).findOne({ where: { email: 'cm.edit@newsreel.test' } });
    const before = await hashOf('cm.edit@newsreel.test');
    const update = (password: string) =>
      app.request().put(`${CM}/${user.documentId}`).set('Authorization', `Bearer ${adminToken}`).send({ password });
    expectPolicyRefusal(await update(WEAK));
    expect(await hashOf('cm.edit@newsreel.test')).toBe(before);
    expect((await update(BETTER)).status).toBe(200);
    expect((await login('cm.edit@newsreel.test', BETTER)).status).toBe(200);
  });
});

describe('admin-panel users', () => {
  const adminLogin = (email: string, password: string) => app.request().post('/admin/login').send({ email, password });

  it('invited admin registration refuses a weak password and accepts a good one', async () => {
    const roles = await app.request().get('/admin/roles').set('Authorization', `Bearer ${adminToken}`);
    const editor = roles.body.data.find((role: { code: string }) => role.code === 'strapi-editor');
    const invite = await app
      .request()
      .post('/admin/users')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ firstname: 'Invited', lastname: 'Editor', email: 'invited@newsreel.test', roles: [editor.id] });
    expect(invite.status).toBe(201);
    const registrationToken = invite.body.data.registrationToken;
    const registerWith = (password: string) =>
      app
        .request()
        .post('/admin/register')
        .send({ registrationToken, userInfo: { firstname: 'Invited', lastname: 'Editor', password } });

    expectPolicyRefusal(await registerWith(WEAK));
    // The email is known to the service: an invitee cannot put it in the password.
    expectPolicyRefusal(await registerWith('Invited-Desk-2024!'), ['not-personal']);
    expect(await adminHashOf('invited@newsreel.test')).toBeNull();
    expect((await registerWith(GOOD)).status).toBe(200);
    expect((await adminLogin('invited@newsreel.test', GOOD)).status).toBe(200);
  });

  it('admin password reset refuses a weak password and accepts a good one', async () => {
    const before = await adminHashOf('chief@newsreel.test');
    await app.request().post('/admin/forgot-password').send({ email: 'chief@newsreel.test' }).expect(204);
    const mail = await smtp.waitFor((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'chief@newsreel.test');
    const resetPasswordToken = /code=([a-f0-9]+)/.exec(`${mail.text} ${mail.html}`)?.[1];
    expect(resetPasswordToken).toBeDefined();
    const reset = (password: string) =>
      app.request().post('/admin/reset-password').send({ resetPasswordToken, password });

    expectPolicyRefusal(await reset(WEAK));
    expect(await adminHashOf('chief@newsreel.test')).toBe(before);
    expect((await reset(BETTER)).status).toBe(200);
    const relogin = await adminLogin('chief@newsreel.test', BETTER);
    expect(relogin.status).toBe(200);
    adminToken = relogin.body.data.token;
  });

  it('an admin changing their own password: weak refused, good accepted', async () => {
    const before = await adminHashOf('chief@newsreel.test');
    const change = (password: string) =>
      app
        .request()
        .put('/admin/users/me')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ currentPassword: BETTER, password });
    expectPolicyRefusal(await change(WEAK));
    expectPolicyRefusal(await change('Chief-of-Desk-2024!'), ['not-personal']);
    expect(await adminHashOf('chief@newsreel.test')).toBe(before);
    expect((await change('Sofia-Session-2024$')).status).toBe(200);
    expect((await adminLogin('chief@newsreel.test', 'Sofia-Session-2024$')).status).toBe(200);
  });

  it('words the refusal in French for Accept-Language: fr', async () => {
    const res = await app
      .request()
      .put('/admin/users/me')
      .set('Authorization', `Bearer ${adminToken}`)
      .set('Accept-Language', 'fr')
      .send({ currentPassword: 'Sofia-Session-2024$', password: WEAK });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].message).toBe('Au moins 12 caractères');
  });
});

describe('normalisation', () => {
  it('logs in with the same password typed with decomposed accents', async () => {
    const composed = 'Élysée-Desk-2024!';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    await createVerifiedAccount(app, smtp, 'accents@newsreel.test', composed);
    expect((await login('accents@newsreel.test', decomposed)).status).toBe(200);
  });
});
