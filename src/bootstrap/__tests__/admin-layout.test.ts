import type { ModelTexts } from '../../admin-labels/labels';
import type { Core } from '@strapi/strapi';
import { ADMIN_LABELS } from '../../admin-labels/labels';
import { type Configuration, applyAdminLayout, withAdminTexts } from '../admin-layout';

const stored = (): Configuration => ({
  settings: { pageSize: 10, mainField: 'title' },
  metadatas: {
    title: { edit: { label: 'title', description: '', placeholder: '', visible: true, editable: true }, list: { label: 'title', searchable: true, sortable: true } },
    embargoUntil: { edit: { label: 'embargoUntil', description: '', visible: true, editable: true }, list: { label: 'embargoUntil', sortable: true } },
    credit: { edit: { label: 'Photo credit', description: 'set by hand', visible: false, editable: true }, list: { label: 'credit' } },
  },
  layouts: { list: ['documentId', 'title', 'credit'], edit: [[{ name: 'title', size: 6 }]] },
});

const texts: ModelTexts = {
  kind: 'content-types',
  fields: {
    title: { en: 'Title', fr: 'Titre' },
    embargoUntil: { en: 'Embargo until', fr: 'Sous embargo jusqu’au', helpEn: 'Not before this moment.', helpFr: 'Pas avant ce moment.' },
  },
};

describe('withAdminTexts', () => {
  it('sets the English label and help of the fields it knows, and keeps the rest of each field', () => {
    const { configuration } = withAdminTexts(stored(), texts);
    expect(configuration.metadatas.embargoUntil).toEqual({
      edit: { label: 'Embargo until', description: 'Not before this moment.', visible: true, editable: true },
      list: { label: 'Embargo until', sortable: true },
    });
    expect(configuration.metadatas.title.edit).toMatchObject({ label: 'Title', description: '', placeholder: '' });
  });

  it('hands back every field, as the store replaces the whole metadatas object', () => {
    const { configuration } = withAdminTexts(stored(), texts);
    expect(configuration.metadatas.credit).toEqual(stored().metadatas.credit);
    expect(configuration.settings).toEqual(stored().settings);
    expect(configuration.layouts.edit).toEqual(stored().layouts.edit);
  });

  it('sets the list columns and their own labels, or keeps the stored ones', () => {
    const { configuration } = withAdminTexts(stored(), texts, ['title', 'embargoUntil'], { embargoUntil: 'Embargo' });
    expect(configuration.layouts.list).toEqual(['title', 'embargoUntil']);
    expect(configuration.metadatas.embargoUntil.list.label).toBe('Embargo');
    expect(configuration.metadatas.embargoUntil.edit.label).toBe('Embargo until');
    expect(withAdminTexts(stored(), texts).configuration.layouts.list).toEqual(['documentId', 'title', 'credit']);
  });

  it('names the fields and columns the configuration does not hold, and writes none of them', () => {
    const renamed: ModelTexts = { kind: 'content-types', fields: { ...texts.fields, usageTerms: { en: 'Terms of use', fr: 'Conditions' } } };
    const { configuration, unknown } = withAdminTexts(stored(), renamed, ['title', 'duration']);
    expect(unknown).toEqual(['usageTerms', 'duration']);
    expect(configuration.metadatas).not.toHaveProperty('usageTerms');
    expect(configuration.layouts.list).toEqual(['title']);
  });
});

describe('applyAdminLayout', () => {
  /** A Content Manager whose configurations live in a map, as its store keeps them. */
  /** A copy as the store hands it back: parsed from JSON (structuredClone would make objects of another realm here). */
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  /** What the Content Manager's own sync stores for a model: each field labelled with its name. */
  const synced = (uid: string): Configuration => ({
    settings: { pageSize: 10 },
    metadatas: Object.fromEntries(
      Object.keys(ADMIN_LABELS[uid as keyof typeof ADMIN_LABELS].fields).map((field) => [
        field,
        { edit: { label: field, description: '', visible: true, editable: true }, list: { label: field, sortable: true } },
      ])
    ),
    layouts: { list: ['id'], edit: [] },
  });
  const contentManager = () => {
    const store = new Map<string, Configuration>();
    const writes: string[] = [];
    const service = {
      findConfiguration: async ({ uid }: { uid: string }) => ({ uid, ...copy(store.get(uid) ?? synced(uid)) }),
      updateConfiguration: async ({ uid }: { uid: string }, configuration: Configuration) => {
        writes.push(uid);
        store.set(uid, copy(configuration));
      },
    };
    const strapi = { plugin: () => ({ service: () => service }), log: { warn: () => undefined } } as unknown as Core.Strapi;
    return { strapi, store, writes };
  };

  it('writes each configuration that lacks the texts, then nothing on the next boot', async () => {
    const cm = contentManager();
    await applyAdminLayout(cm.strapi);
    expect(cm.writes.sort()).toEqual(Object.keys(ADMIN_LABELS).sort());
    cm.writes.length = 0;
    await applyAdminLayout(cm.strapi);
    expect(cm.writes).toEqual([]);

    // An edit made in "Configure the view" is written over at the next boot, for that model only.
    const uid = Object.keys(ADMIN_LABELS)[0];
    const edited = cm.store.get(uid)!;
    const [field] = Object.keys(edited.metadatas);
    edited.metadatas[field].edit.label = 'changed by hand';
    await applyAdminLayout(cm.strapi);
    expect(cm.writes).toEqual([uid]);
  });
});
