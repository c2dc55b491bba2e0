import { publicReadRouter } from '../../../content/public-router';
import { POPULATE } from '../middlewares/meeting-populate';

export default publicReadRouter('api::meeting.meeting', 'api::meeting.meeting-populate', POPULATE);
