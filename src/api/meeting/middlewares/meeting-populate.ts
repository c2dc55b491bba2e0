import { ARTICLE_TEASER, PERSON_TEASER, defaultPopulate, type PopulateTree } from '../../../content/default-populate';

/** What the public `find` and `findOne` answer when the request names no `populate` or `fields`. */
export const POPULATE: PopulateTree = {
  location: true,
  participants: PERSON_TEASER,
  articles: ARTICLE_TEASER,
};

export default defaultPopulate(POPULATE);
