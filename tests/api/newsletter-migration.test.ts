import fs from 'node:fs';
import { startApp } from '../helpers/app';

/*
 * Accounts that asked for the newsletter at signup before the newsletter plugin existed kept the
 * wish on the user; the next start subscribes the verified ones, once.
 */

const USER = 'plugin::users-permissions.user';
const SUBSCRIBER = 'plugin::newsletter.subscriber';

it('subscribes verified accounts that asked at signup, once, and leaves unverified ones waiting', async () => {
  const first = await startApp();
  const role = await first.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const account = (email: string, confirmed: boolean, locale: string) =>
    first.strapi.db.query(USER).create({
      data: { username: email, email, provider: 'local', confirmed, blocked: false, role: role.id, locale, newsletterWish: true },
    });
  await account('early-bird@example.org', true, 'fr');
  await account('not-yet@example.org', false, 'en');
  // As before this plugin: the wish is on the account and nobody is on the list.
  await first.strapi.db.query(SUBSCRIBER).deleteMany({});
  await first.close({ keepDatabase: true });

  const second = await startApp({ database: first.database, dir: first.dir });
  try {
    const subscriber = await second.strapi.db.query(SUBSCRIBER).findOne({ where: { email: 'early-bird@example.org' } });
    expect(subscriber).toMatchObject({ status: 'subscribed', source: 'account', locale: 'fr', confirmedAt: expect.anything() });
    const migrated = await second.strapi.db.query(USER).findOne({ where: { email: 'early-bird@example.org' } });
    expect(migrated.newsletterWish).toBe(false);
    expect(await second.strapi.db.query(SUBSCRIBER).findOne({ where: { email: 'not-yet@example.org' } })).toBeNull();
    const waiting = await second.strapi.db.query(USER).findOne({ where: { email: 'not-yet@example.org' } });
    expect(waiting.newsletterWish).toBe(true);
    expect(await second.strapi.db.query(SUBSCRIBER).count({})).toBe(1);
  } finally {
    await second.close();
    fs.rmSync(first.dir, { recursive: true, force: true });
  }
});
