import { ARTICLE_TEASER, defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({
  location: true,
  poster: true,
  shots: true,
  technical: true,
  renditions: { populate: { file: true } },
  articles: ARTICLE_TEASER,
});
