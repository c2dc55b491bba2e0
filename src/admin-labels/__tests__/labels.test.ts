import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_LABELS, type ModelTexts } from '../labels';
import { adminMessages, helpIdsByEnglish, helpMessageId, labelMessageId } from '../messages';

const SRC = path.resolve(__dirname, '..', '..');

/** The attributes staff edit: private, non-configurable ones are not in the Content Manager. */
const editableAttributes = (uid: string) => {
  const file = uid.startsWith('api::')
    ? path.join(SRC, 'api', uid.slice(5).split('.')[0], 'content-types', uid.split('.')[1], 'schema.json')
    : path.join(SRC, 'components', ...uid.split('.')) + '.json';
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as { attributes: Record<string, { private?: boolean; configurable?: boolean }> };
  return Object.entries(schema.attributes)
    .filter(([, attribute]) => !(attribute.private && attribute.configurable === false))
    .map(([name]) => name);
};

const models = Object.entries(ADMIN_LABELS) as [string, ModelTexts][];

describe('admin labels', () => {
  it.each(models)('label every field of %s, and only fields it has', (uid, { fields }) => {
    expect(Object.keys(fields).sort()).toEqual(editableAttributes(uid).sort());
  });

  it('give each help text in both languages', () => {
    for (const [, { fields }] of models) {
      for (const text of Object.values(fields)) expect(Boolean(text.helpEn)).toBe(Boolean(text.helpFr));
    }
  });

  it('translate an English help text the same way wherever it is used', () => {
    const french = new Map<string, string>();
    for (const [, { fields }] of models) {
      for (const text of Object.values(fields)) {
        if (!text.helpEn) continue;
        expect(french.get(text.helpEn) ?? text.helpFr).toBe(text.helpFr);
        french.set(text.helpEn, text.helpFr as string);
      }
    }
  });
});

describe('admin messages', () => {
  it('give French labels under the ids the Content Manager translates', () => {
    const fr = adminMessages('fr');
    expect(fr[labelMessageId('content-types', 'api::video-asset.video-asset', 'usageTerms')]).toBe('Conditions d’utilisation');
    expect(fr[labelMessageId('components', 'shared.location', 'countryCode')]).toBe('Pays');
    expect(adminMessages('en')[labelMessageId('content-types', 'api::article.article', 'title')]).toBeUndefined();
  });

  it('find a help text by the English the server stored, in both languages', () => {
    const english = ADMIN_LABELS['api::video-asset.video-asset'].fields.embargoUntil.helpEn;
    const id = helpIdsByEnglish().get(english);
    expect(id).toBe(helpMessageId('api::video-asset.video-asset', 'embargoUntil'));
    expect(adminMessages('en')[id as string]).toBe(english);
    expect(adminMessages('fr')[id as string]).toMatch(/^Jusqu’à ce moment/);
  });
});
