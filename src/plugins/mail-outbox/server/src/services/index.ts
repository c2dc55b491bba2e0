import outbox from './outbox';
import templates from './templates';

export default { outbox, templates };
