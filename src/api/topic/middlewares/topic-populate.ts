import { ARTICLE_TEASER, defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({ articles: ARTICLE_TEASER });
