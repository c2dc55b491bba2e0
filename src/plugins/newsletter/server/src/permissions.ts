/** Admin permissions of the plugin: give an editor role `read` alone for a read-only view. */
export const ACTIONS = {
  read: 'plugin::newsletter.subscribers.read',
  manage: 'plugin::newsletter.subscribers.manage',
  campaignsRead: 'plugin::newsletter.campaigns.read',
  campaignsSend: 'plugin::newsletter.campaigns.send',
} as const;

export const ADMIN_ACTIONS = [
  { section: 'plugins', displayName: 'Read subscribers and export them', uid: 'subscribers.read', pluginName: 'newsletter' },
  { section: 'plugins', displayName: 'Import, suppress and delete subscribers', uid: 'subscribers.manage', pluginName: 'newsletter' },
  { section: 'plugins', displayName: 'See campaigns and their progress', uid: 'campaigns.read', pluginName: 'newsletter' },
  { section: 'plugins', displayName: 'Write, test, send, pause and resume campaigns', uid: 'campaigns.send', pluginName: 'newsletter' },
];

/** Route policies: a logged-in admin holding `action`. */
export const guardedBy = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action] } },
];
