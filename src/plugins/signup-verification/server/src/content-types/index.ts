import outboxMessage from './outbox-message/schema.json';
import verificationCode from './verification-code/schema.json';

export default {
  'verification-code': { schema: verificationCode },
  'outbox-message': { schema: outboxMessage },
};
