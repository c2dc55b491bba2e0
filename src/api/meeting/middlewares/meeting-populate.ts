import { ARTICLE_TEASER, defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({
  location: true,
  participants: { populate: { portrait: true } },
  articles: ARTICLE_TEASER,
});
