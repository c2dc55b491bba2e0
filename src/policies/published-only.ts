import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/**
 * Strapi 5 answers `?status=draft` to anyone allowed to `find`. Drafts can hold embargoed or
 * unchecked material, so only API tokens (trusted frontends' previews) may ask for them.
 * A PolicyError, because Strapi hides the message of any other 403 raised behind authorization.
 */
const publishedOnly: Core.PolicyHandler = (policyContext) => {
  const status = policyContext.request.query.status;
  // Koa's ExtendableContext type omits `state`, which Strapi's policy context does carry.
  const { auth } = (policyContext as unknown as { state: { auth?: { strategy?: { name?: string } } } }).state;
  const isApiToken = auth?.strategy?.name === 'content-api-token';
  if (status !== undefined && status !== 'published' && !isApiToken) {
    throw new errors.PolicyError('Only published content is available here; drafts need an API token.', {
      param: 'status',
    });
  }
  return true;
};

export default publishedOnly;
