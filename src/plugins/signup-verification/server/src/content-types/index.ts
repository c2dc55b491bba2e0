import verificationCode from './verification-code/schema.json';

export default {
  'verification-code': { schema: verificationCode },
};
