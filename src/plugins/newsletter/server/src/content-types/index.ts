import campaign from './campaign/schema.json';
import subscriber from './subscriber/schema.json';

export default { campaign: { schema: campaign }, subscriber: { schema: subscriber } };
