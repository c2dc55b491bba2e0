import fs from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

/** GET /api/openapi.json: the committed OpenAPI document of the content API. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let document: Promise<Buffer> | undefined;
  return {
    async document(ctx: Context) {
      document ??= fs.readFile(path.join(strapi.dirs.app.root, 'docs', 'openapi.json'));
      ctx.type = 'application/json';
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = await document;
    },
  };
};
