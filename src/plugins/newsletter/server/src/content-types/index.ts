import subscriber from './subscriber/schema.json';

export default { subscriber: { schema: subscriber } };
