import { ARTICLE_TEASER, IMAGE, MEETING_TEASER, defaultPopulate, type PopulateTree } from '../../../content/default-populate';

/** What the public `find` and `findOne` answer when the request names no `populate` or `fields`. */
export const POPULATE: PopulateTree = {
  portrait: IMAGE,
  articles: ARTICLE_TEASER,
  meetings: { fields: MEETING_TEASER.fields },
};

export default defaultPopulate(POPULATE);
