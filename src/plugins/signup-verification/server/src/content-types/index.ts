import schema from './verification-code/schema.json';

export default { 'verification-code': { schema } };
