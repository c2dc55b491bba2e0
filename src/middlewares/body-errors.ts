import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { MAX_JSON_BODY } from '../environment/limits';

/** Errors raised by the body parser (raw-body / co-body) carry one of these types. */
const MESSAGES: Record<string, string> = {
  'entity.too.large': `Request body is too large: at most ${MAX_JSON_BODY} of JSON, form or text.`,
  'entity.parse.failed': 'Request body is not valid JSON.',
  'entity.verify.failed': 'Request body could not be read.',
  'encoding.unsupported': 'Request body has an unsupported content encoding.',
  'charset.unsupported': 'Request body has an unsupported charset; send UTF-8.',
  'request.size.invalid': 'Request body is shorter or longer than its Content-Length.',
};

/**
 * Placed before `strapi::body`: a body that cannot be parsed is the client's mistake, so it is
 * answered as a 400 ValidationError in Strapi's error shape rather than koa's bare errors.
 * File uploads over the limit keep Strapi's own 413.
 */
const bodyErrors: Core.MiddlewareFactory = () => async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const type = (error as { type?: unknown }).type;
    if (typeof type === 'string' && type in MESSAGES) {
      throw new errors.ValidationError(MESSAGES[type], { reason: type });
    }
    // co-body reports malformed JSON as a bare SyntaxError with status 400.
    if (error instanceof SyntaxError && (error as { status?: unknown }).status === 400) {
      throw new errors.ValidationError(MESSAGES['entity.parse.failed'], { reason: 'entity.parse.failed' });
    }
    throw error;
  }
};

export default bodyErrors;
