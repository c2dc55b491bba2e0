import { publicReadRouter } from '../../../content/public-router';
import { POPULATE } from '../middlewares/article-populate';

export default publicReadRouter('api::article.article', 'api::article.article-populate', POPULATE);
