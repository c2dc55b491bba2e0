import accounts from './accounts';
import codes from './codes';
import mailer from './mailer';
import outbox from './outbox';
import sessions from './sessions';

export default { accounts, codes, mailer, outbox, sessions };
