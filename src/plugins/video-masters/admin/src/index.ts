import { Download } from '@strapi/icons';
import { DownloadsPanel } from './components/DownloadsPanel';
import { UploadPanel } from './components/UploadPanel';

const PLUGIN_ID = 'video-masters';

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
  getPlugin(id: string): { apis: { addEditViewSidePanel(panels: unknown[]): void } };
}

export default {
  register(app: AdminApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Download,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Downloads' },
      // Staff without the read permission do not see the link (the routes refuse them anyway).
      permissions: [{ action: 'plugin::video-masters.downloads.read', subject: null }],
      Component: async () => (await import('./pages/DownloadsPage')).default,
    });
    // Widgets can only be registered here: a plugin's bootstrap() is not given the widgets API.
    app.widgets.register({
      id: 'downloads-week',
      pluginId: PLUGIN_ID,
      icon: Download,
      title: { id: `${PLUGIN_ID}.widget.title`, defaultMessage: 'Downloads this week' },
      link: { label: { id: `${PLUGIN_ID}.widget.link`, defaultMessage: 'Open downloads' }, href: `/plugins/${PLUGIN_ID}` },
      permissions: [{ action: 'plugin::video-masters.downloads.read' }],
      component: async () => (await import('./components/DownloadsWeekWidget')).DownloadsWeekWidget,
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: AdminApp) {
    // The video-asset edit view takes new files, and shows how often its files were downloaded.
    app.getPlugin('content-manager').apis.addEditViewSidePanel([UploadPanel, DownloadsPanel]);
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
