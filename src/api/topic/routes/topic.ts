import { publicReadRouter } from '../../../content/public-router';
import { POPULATE } from '../middlewares/topic-populate';

export default publicReadRouter('api::topic.topic', 'api::topic.topic-populate', POPULATE);
