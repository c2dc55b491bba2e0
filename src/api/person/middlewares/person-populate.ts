import { ARTICLE_TEASER, defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({
  portrait: true,
  articles: ARTICLE_TEASER,
  meetings: { fields: ['title', 'slug', 'kind', 'startsAt'] },
});
