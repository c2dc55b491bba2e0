import accounts from './accounts';
import codes from './codes';
import mailer from './mailer';
import sessions from './sessions';

export default { accounts, codes, mailer, sessions };
