import { publicReadRouter } from '../../../content/public-router';
import { POPULATE } from '../middlewares/person-populate';

export default publicReadRouter('api::person.person', 'api::person.person-populate', POPULATE);
