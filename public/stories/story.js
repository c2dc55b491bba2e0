// A story with its videos: the web version plays in the page; the broadcast master is downloaded
// through POST /api/video-assets/:documentId/downloads, which answers a short-lived signed URL the
// browser then follows. A draft is shown from a preview token (in the URL fragment, never sent in
// a URL) that the admin's Preview button makes; drafts have no public URL.
import { api, formatBytes, formatDate, formatDuration, formatWait, lang, onLanguage, session, t, withReturnTo } from '/assets/newsreel.js';
import { imageOf, placeOf } from '/stories/story-parts.js';

const params = new URLSearchParams(window.location.search);
let slug = params.get('slug');
const previewToken = new URLSearchParams(window.location.hash.slice(1)).get('preview');
const status = document.getElementById('story-status');
let story = null;
let missing = false;
let expired = false;

const here = () => window.location.pathname + window.location.search;

/** Plain text of Strapi's blocks (paragraphs, headings, lists), drawn as elements, never as HTML. */
const drawBlocks = (blocks, into) => {
  const textOf = (nodes) => (nodes || []).map((node) => (node.type === 'text' ? node.text : textOf(node.children))).join('');
  into.replaceChildren(
    ...(Array.isArray(blocks) ? blocks : []).map((block) => {
      if (block.type === 'heading') {
        const heading = document.createElement(`h${Math.min(6, Math.max(2, Number(block.level) + 1 || 2))}`);
        heading.textContent = textOf(block.children);
        return heading;
      }
      if (block.type === 'list') {
        const list = document.createElement(block.format === 'ordered' ? 'ol' : 'ul');
        list.append(...(block.children || []).map((item) => Object.assign(document.createElement('li'), { textContent: textOf(item.children) })));
        return list;
      }
      return Object.assign(document.createElement('p'), { textContent: textOf(block.children) });
    })
  );
};

/** What a person without a verified account is told next to a download button. */
const explain = (box, key, values) => {
  box.replaceChildren();
  const text = document.createElement('p');
  text.textContent = t(key, values);
  box.append(text);
  if (key === 'story.needAccount' || key === 'story.sessionEnded') {
    const login = Object.assign(document.createElement('a'), { href: withReturnTo('/account/login.html', here()), textContent: t('nav.login') });
    const signup = Object.assign(document.createElement('a'), { href: withReturnTo('/account/signup.html', here()), textContent: t('nav.signup') });
    box.append(login, ' · ', signup);
  }
  if (key === 'story.needVerified') {
    box.append(Object.assign(document.createElement('a'), { href: '/account/verify.html', textContent: t('login.enterCode') }));
  }
};

const download = async (video, rendition, button, box) => {
  if (!session.get()?.jwt) return explain(box, 'story.needAccount');
  button.disabled = true;
  box.textContent = t('story.preparing');
  const answer = await api(`/api/video-assets/${encodeURIComponent(video.documentId)}/downloads`, {
    method: 'POST',
    body: { rendition: rendition.kind },
    auth: true,
  });
  button.disabled = false;
  if (answer.status === 200 && answer.body?.url) {
    box.textContent = t('story.started');
    // The answer is an attachment: the browser saves it and the page stays.
    const link = Object.assign(document.createElement('a'), { href: answer.body.url, rel: 'noopener' });
    document.body.append(link);
    link.click();
    link.remove();
    return;
  }
  if (answer.status === 401) {
    session.clear();
    document.dispatchEvent(new CustomEvent('newsreel:session'));
    return explain(box, 'story.sessionEnded');
  }
  const embargo = answer.body?.error?.details?.embargoUntil;
  if (answer.status === 403 && embargo) return explain(box, 'story.embargoed', { time: formatDate(embargo, true) });
  if (answer.status === 403) return explain(box, 'story.needVerified');
  if (answer.status === 429) return explain(box, 'story.quota', { time: formatWait(answer.retryAfter) });
  if (answer.status === 0) return explain(box, 'common.offline');
  return explain(box, 'story.unavailable');
};

const drawVideo = (video) => {
  const section = document.createElement('section');
  section.className = 'video';
  const title = Object.assign(document.createElement('h3'), { textContent: video.title });
  section.append(title);
  const facts = [];
  if (video.technical?.durationSeconds) facts.push(t('story.duration', { time: formatDuration(video.technical.durationSeconds) }));
  if (video.credit) facts.push(t('story.credit', { credit: video.credit }));
  if (video.embargoUntil && new Date(video.embargoUntil) > new Date()) facts.push(t('story.embargo', { time: formatDate(video.embargoUntil, true) }));
  if (facts.length > 0) section.append(Object.assign(document.createElement('p'), { className: 'meta', textContent: facts.join(' · ') }));

  const proxy = (video.renditions || []).find((rendition) => rendition.kind === 'web-proxy' && rendition.file?.url);
  if (proxy) {
    const player = document.createElement('video');
    player.controls = true;
    player.preload = 'none';
    player.src = proxy.file.url;
    const poster = imageOf(video.poster);
    if (poster) player.poster = poster.url;
    player.setAttribute('aria-label', t('story.watch'));
    section.append(player);
  }

  section.append(Object.assign(document.createElement('h4'), { textContent: t('story.renditions') }));
  const list = document.createElement('ul');
  list.className = 'renditions';
  for (const rendition of video.renditions || []) {
    if (rendition.status && rendition.status !== 'ready') continue;
    const item = document.createElement('li');
    item.dataset.kind = rendition.kind;
    const kind = t(`kind.${rendition.kind}`);
    const label = rendition.label || kind;
    const size = [rendition.width && rendition.height ? `${rendition.width}×${rendition.height}` : '', rendition.container, rendition.codecs, formatBytes(rendition.sizeBytes)]
      .filter(Boolean)
      .join(' · ');
    item.append(Object.assign(document.createElement('strong'), { textContent: label }), ' ', Object.assign(document.createElement('span'), { className: 'meta', textContent: size }));
    if (rendition.kind === 'web-proxy' && rendition.file?.url) {
      item.append(document.createElement('br'), Object.assign(document.createElement('a'), { href: rendition.file.url, textContent: t('story.watch') }));
    } else {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t('story.download', { label: kind }) });
      const box = document.createElement('div');
      box.setAttribute('role', 'status');
      button.addEventListener('click', () => download(video, rendition, button, box));
      item.append(document.createElement('br'), button, box);
      if (!session.get()?.jwt) explain(box, 'story.needAccount');
    }
    list.append(item);
  }
  section.append(list);
  return section;
};

const draw = () => {
  const banner = document.getElementById('preview-banner');
  banner.hidden = !previewToken;
  banner.textContent = t('story.preview');
  if (expired) {
    status.textContent = t('story.previewExpired');
    document.getElementById('story').hidden = true;
    return;
  }
  if (missing) {
    status.textContent = t('story.notFound');
    document.getElementById('story').hidden = true;
    return;
  }
  if (!story) return;
  status.textContent = '';
  // A story shown in another language than the page's says so, and is marked as that language.
  const note = document.getElementById('story-language');
  note.hidden = Boolean(previewToken) || !story.locale || story.locale === lang();
  note.textContent = note.hidden ? '' : t('story.otherLanguage', { language: t(`language.${lang()}`), original: t(`language.${story.locale}`) });
  document.getElementById('story').lang = story.locale || lang();
  document.title = `${story.title} · Newsreel`;
  document.getElementById('story-title').textContent = story.title;
  document.getElementById('story-meta').textContent = [formatDate(story.date), placeOf(story.location)].filter(Boolean).join(' · ');
  document.getElementById('story-summary').textContent = story.summary || '';
  drawBlocks(story.body, document.getElementById('story-body'));
  const people = document.getElementById('story-people');
  people.hidden = !(story.people || []).length;
  people.querySelector('ul').replaceChildren(
    ...(story.people || []).map((person) =>
      Object.assign(document.createElement('li'), { textContent: [person.honorific, person.fullName].filter(Boolean).join(' ') + (person.role ? `, ${person.role}` : '') })
    )
  );
  const videos = document.getElementById('story-videos');
  videos.hidden = !(story.videos || []).length;
  videos.querySelector('.list').replaceChildren(...(story.videos || []).map(drawVideo));
  document.getElementById('story').hidden = false;
};

/** Puts the shown story's slug in the address, so that a copied link opens this language version. */
const showSlugInAddress = () => {
  slug = story.slug;
  const url = new URL(window.location.href);
  url.searchParams.set('slug', slug);
  if (url.searchParams.has('lang')) url.searchParams.set('lang', lang());
  window.history.replaceState(null, '', url);
};

/**
 * Reads the story: from the preview token, or in the page's language. A shared link may carry the
 * slug of any language (each language has its own), so the slug is looked for in every language;
 * the page's language version is then read by documentId, and when there is none the story found
 * stays, with a note. Switching language reads the current story's documentId the same way.
 */
const load = async (documentId) => {
  let answer;
  if (previewToken) {
    answer = await api('/api/article-previews', { method: 'POST', body: { token: previewToken } });
    expired = answer.status === 400;
    story = answer.status === 200 ? answer.body.data : null;
    missing = answer.status === 404;
    if (answer.status !== 200 && !missing && !expired) status.textContent = t('common.failed');
    return draw();
  }
  if (!documentId) {
    if (!slug) {
      missing = true;
      return draw();
    }
    answer = await api(`/api/articles?filters[slug][$eq]=${encodeURIComponent(slug)}&locale=*`);
    if (answer.status !== 200) {
      status.textContent = t('common.failed');
      return;
    }
    const found = answer.body.data || [];
    story = found.find((entry) => entry.locale === lang()) || found[0] || null;
    missing = !story;
    if (!story || story.locale === lang()) return draw();
    documentId = story.documentId;
  }
  answer = await api(`/api/articles/${encodeURIComponent(documentId)}?locale=${lang()}`);
  if (answer.status === 200) story = answer.body.data;
  else if (answer.status !== 404) {
    status.textContent = t('common.failed');
    return;
  }
  // 404: there is no version in this language; the story found stays, with the note.
  showSlugInAddress();
  draw();
};

// Switching language reads the story again in that language (a preview keeps the draft's own).
onLanguage(() => (previewToken && story ? draw() : load(story?.documentId)));
document.addEventListener('newsreel:session', draw);
// The admin tells its preview frame that the draft was saved: read it again.
window.addEventListener('message', (event) => {
  if (previewToken && event.origin === window.location.origin && event.data?.type === 'strapiUpdate') load();
});
