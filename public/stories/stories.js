// The latest published stories from the content API (GET /api/articles, newest first).
import { api, formatDate, lang, onLanguage, t } from '/assets/newsreel.js';
import { imageOf, placeOf } from '/stories/story-parts.js';

const PAGE_SIZE = 12;
const list = document.getElementById('stories');
const status = document.getElementById('stories-status');
const more = document.getElementById('more');
let page = 1;

const card = (story) => {
  const item = document.createElement('li');
  const image = imageOf(story.cover) || imageOf(story.videos?.[0]?.poster);
  if (image) {
    const img = document.createElement('img');
    img.src = image.url;
    img.alt = image.alternativeText || '';
    img.loading = 'lazy';
    item.append(img);
  }
  const body = document.createElement('div');
  body.className = 'card-body';
  const title = document.createElement('h2');
  const link = document.createElement('a');
  link.href = `/stories/story.html?slug=${encodeURIComponent(story.slug)}&lang=${lang()}`;
  link.textContent = story.title;
  title.append(link);
  const when = document.createElement('p');
  when.className = 'meta';
  when.textContent = [formatDate(story.date), placeOf(story.location)].filter(Boolean).join(' · ');
  body.append(title, when);
  const names = (story.people || []).map((person) => person.fullName).filter(Boolean);
  if (names.length > 0) {
    const people = document.createElement('p');
    people.className = 'meta';
    people.textContent = t('stories.with', { names: names.join(', ') });
    body.append(people);
  }
  item.append(body);
  return item;
};

const load = async (reset) => {
  if (reset) {
    page = 1;
    list.replaceChildren();
  }
  status.textContent = t('stories.loading');
  const query = `sort[0]=date:desc&sort[1]=id:desc&pagination[page]=${page}&pagination[pageSize]=${PAGE_SIZE}&locale=${lang()}`;
  const answer = await api(`/api/articles?${query}`);
  if (answer.status !== 200) {
    status.textContent = t('common.failed');
    return;
  }
  const stories = answer.body.data || [];
  list.append(...stories.map(card));
  const { pageCount = 1 } = answer.body.meta?.pagination || {};
  more.hidden = page >= pageCount;
  status.textContent = list.children.length === 0 ? t('stories.none') : '';
};

more.addEventListener('click', () => {
  page += 1;
  load(false);
});
onLanguage(() => load(true));
