import outboxMessage from './outbox-message/schema.json';

export default {
  'outbox-message': { schema: outboxMessage },
};
