import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTemplates } from '../templates';

const MJML = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text><mj-button href="{{url}}">Open</mj-button></mj-column></mj-section></mj-body></mjml>`;

describe('mail templates (MJML + Mustache)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-templates-'));
    fs.writeFileSync(path.join(dir, 'note.en.mjml'), MJML('Hello {{name}}'));
    fs.writeFileSync(path.join(dir, 'note.en.txt'), 'Hello {{name}}, open {{url}}');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renders responsive HTML and text, escaping values in the HTML part only', async () => {
    const parts = await createTemplates().render(dir, 'note', 'en', {
      name: '<b>Ana</b> & co',
      url: 'https://news.example.org/confirm.html#token=a.b-c/d=',
    });
    expect(parts.html).toMatch(/^<!doctype html>/i);
    expect(parts.html).toContain('@media');
    expect(parts.html).toContain('&lt;b&gt;Ana&lt;/b&gt; &amp; co');
    expect(parts.html).not.toContain('<b>Ana</b>');
    expect(parts.html).toContain('href="https://news.example.org/confirm.html#token=a.b-c/d="');
    expect(parts.text).toBe('Hello <b>Ana</b> & co, open https://news.example.org/confirm.html#token=a.b-c/d=');
  });

  it('picks up an edited template without a restart', async () => {
    const templates = createTemplates();
    expect((await templates.render(dir, 'note', 'en', { name: 'Ana', url: 'x' })).html).toContain('Hello Ana');
    const later = new Date(Date.now() + 5000);
    fs.writeFileSync(path.join(dir, 'note.en.mjml'), MJML('Bonjour {{name}}'));
    fs.utimesSync(path.join(dir, 'note.en.mjml'), later, later);
    expect((await templates.render(dir, 'note', 'en', { name: 'Ana', url: 'x' })).html).toContain('Bonjour Ana');
  });

  it('refuses a template MJML finds invalid, naming the file', async () => {
    fs.writeFileSync(path.join(dir, 'note.en.mjml'), '<mjml><mj-body><mj-text>outside a column</mj-text></mj-body></mjml>');
    await expect(createTemplates().render(dir, 'note', 'en', {})).rejects.toThrow(/note\.en\.mjml/);
  });
});
