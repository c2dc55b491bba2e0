import { useIntl } from 'react-intl';
import { helpIdsByEnglish } from '../admin-labels/messages';

/**
 * French help texts in the edit view. The Content Manager shows a field's `description` (its
 * hint) as stored, in English: this hook puts a translated one in its place, for content types
 * and components alike. A hint with no translation (written in "Configure the view") stays as is.
 */

export const MUTATE_EDIT_VIEW_LAYOUT = 'Admin/CM/pages/EditView/mutate-edit-view-layout';

interface Field {
  hint?: unknown;
  [key: string]: unknown;
}
interface EditLayout {
  layout: Field[][][];
  components: Record<string, { layout: Field[][]; [key: string]: unknown }>;
  [key: string]: unknown;
}

const HELP_IDS = helpIdsByEnglish();

const Help = ({ id, english }: { id: string; english: string }) => {
  const { formatMessage } = useIntl();
  return <>{formatMessage({ id, defaultMessage: english })}</>;
};

const translated = (field: Field): Field => {
  const id = typeof field.hint === 'string' ? HELP_IDS.get(field.hint) : undefined;
  return id ? { ...field, hint: <Help id={id} english={field.hint as string} /> } : field;
};

/** The hook: its argument is `{ layout, query }` (other hooks may drop `query`); the Content Manager reads `layout`. */
export const translateHelpTexts = <T extends { layout: EditLayout }>(args: T): T => ({
  ...args,
  layout: {
    ...args.layout,
    layout: args.layout.layout.map((panel) => panel.map((row) => row.map(translated))),
    components: Object.fromEntries(
      Object.entries(args.layout.components).map(([uid, component]) => [uid, { ...component, layout: component.layout.map((row) => row.map(translated)) }])
    ),
  },
});
