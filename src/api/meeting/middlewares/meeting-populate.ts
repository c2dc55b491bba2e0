import { ARTICLE_TEASER, PERSON_TEASER, defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({
  location: true,
  participants: PERSON_TEASER,
  articles: ARTICLE_TEASER,
});
