/** Admin permission of the plugin: the download records and their CSV export. */
export const ACTIONS = { read: 'plugin::video-masters.downloads.read' } as const;

export const ADMIN_ACTIONS = [
  { section: 'plugins', displayName: 'See download records and export them', uid: 'downloads.read', pluginName: 'video-masters' },
];

/** Route policies: a logged-in admin holding `action`. */
export const guardedBy = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action] } },
];
