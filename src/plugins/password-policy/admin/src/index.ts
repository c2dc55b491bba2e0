import { passwordHint, type PolicyAnswer } from './hint';

const PLUGIN_ID = 'password-policy';

/** The admin's own translation key for the hint under its password fields. */
const HINT_KEY = 'Auth.form.password.hint';

interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
}

const backendUrl = () => (window as unknown as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? '';

/** The hint in `locale`, from the live policy; nothing (the stock text stays) if the server cannot be read. */
const hintFor = async (locale: string): Promise<Record<string, string>> => {
  try {
    const language = locale.startsWith('fr') ? 'fr' : 'en';
    const res = await fetch(`${backendUrl()}/api/password-policy?locale=${language}`);
    if (!res.ok) return {};
    return { [HINT_KEY]: passwordHint((await res.json()) as PolicyAnswer, language) };
  } catch {
    return {};
  }
};

export default {
  register(app: AdminApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  /**
   * Plugin translations are merged into the admin's own, unprefixed: this replaces the stock
   * password hint with the rules the server enforces, read once when the admin loads.
   */
  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(locales.map(async (locale) => ({ data: await hintFor(locale), locale })));
  },
};
