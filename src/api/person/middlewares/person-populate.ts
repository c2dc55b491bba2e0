import { ARTICLE_TEASER, IMAGE, MEETING_TEASER, defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({
  portrait: IMAGE,
  articles: ARTICLE_TEASER,
  meetings: { fields: MEETING_TEASER.fields },
});
