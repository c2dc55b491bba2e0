import { ARTICLE_TEASER, defaultPopulate, type PopulateTree } from '../../../content/default-populate';

/** What the public `find` and `findOne` answer when the request names no `populate` or `fields`. */
export const POPULATE: PopulateTree = { articles: ARTICLE_TEASER };

export default defaultPopulate(POPULATE);
