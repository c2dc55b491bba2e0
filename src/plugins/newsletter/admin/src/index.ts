import { Mail, PaperPlane } from '@strapi/icons';

const PLUGIN_ID = 'newsletter';

interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
  addMenuLink(link: {
    to: string;
    icon: unknown;
    intlLabel: { id: string; defaultMessage: string };
    permissions: { action: string; subject: null }[];
    Component: () => Promise<unknown>;
  }): void;
  widgets: {
    register(widget: {
      id: string;
      pluginId: string;
      icon: unknown;
      title: { id: string; defaultMessage: string };
      link: { label: { id: string; defaultMessage: string }; href: string };
      permissions: { action: string }[];
      component: () => Promise<unknown>;
    }): void;
  };
}

export default {
  register(app: AdminApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Mail,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Newsletter' },
      // Staff without the read permission do not see the link (the routes refuse them anyway).
      permissions: [{ action: 'plugin::newsletter.subscribers.read', subject: null }],
      Component: async () => (await import('./pages/SubscribersPage')).default,
    });
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}-campaigns`,
      icon: PaperPlane,
      intlLabel: { id: `${PLUGIN_ID}.campaigns.menu`, defaultMessage: 'Campaigns' },
      permissions: [{ action: 'plugin::newsletter.campaigns.read', subject: null }],
      Component: async () => (await import('./pages/CampaignsRoutes')).default,
    });
    // Widgets can only be registered here: a plugin's bootstrap() is not given the widgets API.
    app.widgets.register({
      id: 'last-campaign',
      pluginId: PLUGIN_ID,
      icon: PaperPlane,
      title: { id: `${PLUGIN_ID}.widget.title`, defaultMessage: 'Last campaign' },
      link: { label: { id: `${PLUGIN_ID}.widget.link`, defaultMessage: 'Open campaigns' }, href: `/plugins/${PLUGIN_ID}-campaigns` },
      permissions: [{ action: 'plugin::newsletter.campaigns.read' }],
      component: async () => (await import('./components/LastCampaignWidget')).LastCampaignWidget,
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        const language = locale.startsWith('fr') ? 'fr' : 'en';
        const data = (await import(`./translations/${language}.json`)).default as Record<string, string>;
        return { data, locale };
      })
    );
  },
};
