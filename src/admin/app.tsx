import { adminMessages } from '../admin-labels/messages';
import { MUTATE_EDIT_VIEW_LAYOUT, translateHelpTexts } from './help-texts';
import { INJECT_COLUMN_IN_TABLE, showDurations } from './list-columns';

/**
 * The admin panel: English and French, like the content. Field labels and help texts come from
 * src/admin-labels/labels.ts (the server stores the English ones at boot).
 */
export default {
  config: {
    locales: ['fr'],
    translations: { en: adminMessages('en'), fr: adminMessages('fr') },
  },
  bootstrap(app: { registerHook(name: string, fn: (args: never) => unknown): void }) {
    app.registerHook(MUTATE_EDIT_VIEW_LAYOUT, translateHelpTexts);
    app.registerHook(INJECT_COLUMN_IN_TABLE, showDurations);
  },
};
