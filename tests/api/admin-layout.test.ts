import { ADMIN_LABELS } from '../../src/admin-labels/labels';
import { ADMIN_PASSWORD, as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { applyAdminLayout } from '../../src/bootstrap/admin-layout';

/*
 * The Content Manager's labels, help texts and columns come from src/admin-labels at boot, over
 * whatever "Configure the view" stored; and the video assets' list answer carries the duration.
 */

const ARTICLE = 'api::article.article';
const ASSET = 'api::video-asset.video-asset';

let app: TestApp;
let chief: string;

const configurationOf = async (path: string) => {
  const res = await app.request().get(`/content-manager/${path}/configuration`).set(as(chief));
  expect(res.status).toBe(200);
  return res.body.data;
};

beforeAll(async () => {
  app = await startApp({ seed: true });
  chief = await registerChief(app);
});
afterAll(async () => {
  await app?.close();
});

it('shows English labels and help texts, and the chosen list columns', async () => {
  const { contentType } = await configurationOf(`content-types/${ARTICLE}`);
  expect(contentType.metadatas.date.edit).toMatchObject({ label: 'Date of the event', description: ADMIN_LABELS[ARTICLE].fields.date.helpEn });
  expect(contentType.metadatas.date.list.label).toBe('Date of the event');
  expect(contentType.layouts.list).toEqual(['title', 'date', 'people']);
  // Fields without a label of ours keep their metadata, so the edit view still shows them.
  expect(Object.keys(contentType.metadatas)).toEqual(expect.arrayContaining(['id', 'documentId', 'createdAt', 'title', 'body', 'seo']));
  expect(contentType.layouts.edit.flat().map((field: { name: string }) => field.name)).toEqual(expect.arrayContaining(['title', 'body', 'seo']));

  const asset = (await configurationOf(`content-types/${ASSET}`)).contentType;
  expect(asset.layouts.list).toEqual(['title', 'technical', 'embargoUntil']);
  expect(asset.metadatas.technical.list.label).toBe('Duration');
  expect(asset.metadatas.technical.edit.label).toBe('Technical metadata');
  expect(asset.metadatas.usageTerms.edit.label).toBe('Terms of use');

  const location = (await configurationOf('components/shared.location')).component;
  expect(location.metadatas.countryCode.edit).toMatchObject({ label: 'Country', description: ADMIN_LABELS['shared.location'].fields.countryCode.helpEn });
});

it('writes nothing at a boot that finds the labels already stored', async () => {
  const writes = (['content-types', 'components'] as const).map((kind) =>
    jest.spyOn(app.strapi.plugin('content-manager').service(kind) as { updateConfiguration(...args: unknown[]): Promise<unknown> }, 'updateConfiguration')
  );
  try {
    await applyAdminLayout(app.strapi);
    for (const spy of writes) expect(spy).not.toHaveBeenCalled();
  } finally {
    writes.forEach((spy) => spy.mockRestore());
  }
});

it('writes the labels again at boot over an edit made in "Configure the view"', async () => {
  const { contentType } = await configurationOf(`content-types/${ASSET}`);
  // The answer's list metadata carries each relation's main field, which a write refuses (the admin drops it too).
  const metadatas = Object.fromEntries(
    Object.entries(contentType.metadatas as Record<string, { edit: object; list: { mainField?: unknown } }>).map(([name, { edit, list: { mainField, ...list } }]) => [name, { edit, list }])
  );
  const edited = {
    settings: contentType.settings,
    layouts: { ...contentType.layouts, list: ['title', 'credit'] },
    metadatas: { ...metadatas, credit: { ...metadatas.credit, edit: { ...metadatas.credit.edit, label: 'Who shot it' } } },
  };
  const put = await app.request().put(`/content-manager/content-types/${ASSET}/configuration`).set(as(chief)).send(edited);
  expect([put.status, put.body.error]).toEqual([200, undefined]);
  expect((await configurationOf(`content-types/${ASSET}`)).contentType.metadatas.credit.edit.label).toBe('Who shot it');

  const database = app.database;
  const dir = app.dir;
  await app.close({ keepDatabase: true });
  app = await startApp({ database, dir });
  chief = (await app.request().post('/admin/login').send({ email: 'chief@newsreel.test', password: ADMIN_PASSWORD })).body.data.token;
  const after = (await configurationOf(`content-types/${ASSET}`)).contentType;
  expect(after.metadatas.credit.edit.label).toBe('Credit');
  expect(after.layouts.list).toEqual(['title', 'technical', 'embargoUntil']);
});

it('answers the video assets list with their technical metadata, which the duration column reads', async () => {
  const res = await app.request().get(`/content-manager/collection-types/${ASSET}?page=1&pageSize=10&locale=en`).set(as(chief));
  expect(res.status).toBe(200);
  expect(res.body.results.length).toBeGreaterThan(0);
  for (const row of res.body.results) expect(Number(row.technical.durationSeconds)).toBeGreaterThan(0);
});
