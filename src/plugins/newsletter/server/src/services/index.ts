import mailer from './mailer';
import subscribers from './subscribers';
import tokens from './tokens';

export default { mailer, subscribers, tokens };
