import type { TestApp } from './app';

export const ADMIN_PASSWORD = 'Newsroom-Desk-2024!';

export const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Registers the first (super) admin of a fresh app; returns their token. */
export const registerChief = async (app: TestApp, email = 'chief@newsreel.test') => {
  const res = await app
    .request()
    .post('/admin/register-admin')
    .send({ email, firstname: 'Chief', lastname: 'Editor', password: ADMIN_PASSWORD });
  if (res.status !== 200) throw new Error(`register-admin answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data.token as string;
};

/** A permission of a role: an action on no subject, or in full. */
export type Grant = string | { action: string; subject: string | null; properties: Record<string, unknown> };

/** An admin with one role that holds exactly `actions`, invited by `chief`; returns their token. */
export const adminWith = async (app: TestApp, chief: string, name: string, actions: Grant[]) => {
  const role = await app.request().post('/admin/roles').set(as(chief)).send({ name, description: `${name} (test)` });
  if (role.status !== 201) throw new Error(JSON.stringify(role.body));
  const granted = await app
    .request()
    .put(`/admin/roles/${role.body.data.id}/permissions`)
    .set(as(chief))
    .send({
      permissions: actions.map((grant) =>
        typeof grant === 'string' ? { action: grant, subject: null, properties: {}, conditions: [] } : { ...grant, conditions: [] }
      ),
    });
  if (granted.status !== 200) throw new Error(JSON.stringify(granted.body));
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@newsreel.test`;
  const invite = await app
    .request()
    .post('/admin/users')
    .set(as(chief))
    .send({ firstname: name, lastname: 'Staff', email, roles: [role.body.data.id] });
  if (invite.status !== 201) throw new Error(JSON.stringify(invite.body));
  await app
    .request()
    .post('/admin/register')
    .send({ registrationToken: invite.body.data.registrationToken, userInfo: { firstname: name, lastname: 'Staff', password: ADMIN_PASSWORD } })
    .expect(200);
  const login = await app.request().post('/admin/login').send({ email, password: ADMIN_PASSWORD });
  return login.body.data.token as string;
};

/** Signs an admin in again (after the test moved the clock past their session); returns the token. */
export const signIn = async (app: TestApp, email = 'chief@newsreel.test') => {
  const res = await app.request().post('/admin/login').send({ email, password: ADMIN_PASSWORD });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body.data.token ?? res.body.data.accessToken) as string;
};
