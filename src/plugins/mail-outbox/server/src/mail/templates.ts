import fs from 'node:fs';
import path from 'node:path';
import mjml2html from 'mjml';
import Mustache from 'mustache';

export interface TemplateParts {
  html: string;
  text: string;
}

interface Compiled extends TemplateParts {
  stamp: string;
}

// Mustache's own escape also rewrites / and =, which would garble URLs shown as text.
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const asIs = (text: string) => text;

/**
 * Mail templates: `<name>.<locale>.mjml` compiled by MJML into responsive HTML, and
 * `<name>.<locale>.txt` for the text part, both filled by Mustache (HTML-escaped in the HTML part).
 * A compiled template is kept until its files change, so staff edits apply without a restart.
 */
export const createTemplates = () => {
  const cache = new Map<string, Compiled>();

  const compile = async (dir: string, base: string): Promise<Compiled> => {
    const files = [`${base}.mjml`, `${base}.txt`].map((file) => path.join(dir, file));
    const stamp = files.map((file) => fs.statSync(file).mtimeMs).join(':');
    const cached = cache.get(files[0]);
    if (cached?.stamp === stamp) return cached;
    // Strict: a template MJML finds invalid is refused (naming its file), never sent half-rendered.
    let output: Awaited<ReturnType<typeof mjml2html>>;
    try {
      output = await mjml2html(fs.readFileSync(files[0], 'utf8'), { validationLevel: 'strict', filePath: dir });
    } catch (error) {
      throw new Error(`${files[0]} is not valid MJML: ${(error as Error).message.trim()}`);
    }
    const compiled = { html: output.html, text: fs.readFileSync(files[1], 'utf8'), stamp };
    cache.set(files[0], compiled);
    return compiled;
  };

  return {
    /** The HTML and text parts of template `name` in `locale`, filled with `values`. */
    async render(dir: string, name: string, locale: string, values: Record<string, unknown>): Promise<TemplateParts> {
      const template = await compile(dir, `${name}.${locale}`);
      return {
        html: Mustache.render(template.html, values, {}, { escape: escapeHtml }),
        text: Mustache.render(template.text, values, {}, { escape: asIs }),
      };
    },
  };
};
