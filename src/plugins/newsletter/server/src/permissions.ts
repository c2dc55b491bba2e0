/** Admin permissions of the plugin: give an editor role `read` alone for a read-only view. */
export const ACTIONS = {
  read: 'plugin::newsletter.subscribers.read',
  manage: 'plugin::newsletter.subscribers.manage',
} as const;

export const ADMIN_ACTIONS = [
  { section: 'plugins', displayName: 'Read subscribers and export them', uid: 'subscribers.read', pluginName: 'newsletter' },
  { section: 'plugins', displayName: 'Import, suppress and delete subscribers', uid: 'subscribers.manage', pluginName: 'newsletter' },
];

/** Route policies: a logged-in admin holding `action`. */
export const guardedBy = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action] } },
];
