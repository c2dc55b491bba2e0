// What every reference page shares: language, texts, the API, the session and form errors.
// No framework; ES modules served from public/ (Strapi's CSP allows scripts of its own origin only).
import { TEXTS } from './texts.js';

const LANGUAGES = ['en', 'fr'];
const LANGUAGE_KEY = 'newsreel.lang';
const SESSION_KEY = 'newsreel.session';
const PENDING_KEY = 'newsreel.pending';

/** The page's language: `?lang=`, then the visitor's last choice, then the browser's language. */
const initialLanguage = () => {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (LANGUAGES.includes(asked)) return asked;
  const chosen = window.localStorage.getItem(LANGUAGE_KEY);
  if (LANGUAGES.includes(chosen)) return chosen;
  return (navigator.language || '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
};

let language = initialLanguage();
const listeners = [];

export const lang = () => language;

/** The text `key` in the page's language, with `{name}` replaced by `values.name`. */
export const t = (key, values = {}) => {
  const entry = TEXTS[key];
  if (!entry) return key;
  return entry[language === 'fr' ? 1 : 0].replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
};

/** Fills every `[data-t]` node of `root` with its text, and `[data-t-aria]` with its label. */
export const applyTexts = (root = document) => {
  document.documentElement.lang = language;
  root.querySelectorAll('[data-t]').forEach((node) => {
    node.textContent = t(node.getAttribute('data-t'));
  });
  root.querySelectorAll('[data-t-aria]').forEach((node) => {
    node.setAttribute('aria-label', t(node.getAttribute('data-t-aria')));
  });
  const title = document.querySelector('meta[name="newsreel-title"]');
  if (title) document.title = `${t(title.content)} · Newsreel`;
};

/** Runs `render` now and again whenever the visitor switches language. */
export const onLanguage = (render) => {
  listeners.push(render);
  render();
};

export const setLanguage = (next) => {
  if (!LANGUAGES.includes(next) || next === language) return;
  language = next;
  window.localStorage.setItem(LANGUAGE_KEY, next);
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', next);
    window.history.replaceState(null, '', url);
  }
  applyTexts();
  listeners.forEach((render) => render());
};

/* ---- Session: the JWT lives in sessionStorage (this tab only), never in a cookie. ---- */

/** A JSON value kept in this tab's sessionStorage under `key`. */
const stored = (key) => ({
  get() {
    try {
      return JSON.parse(window.sessionStorage.getItem(key) || 'null');
    } catch {
      return null;
    }
  },
  set(value) {
    window.sessionStorage.setItem(key, JSON.stringify(value));
  },
  clear() {
    window.sessionStorage.removeItem(key);
  },
});

export const session = stored(SESSION_KEY);

/** The address waiting for a code (signup or reset), kept for the next page of the flow. */
export const pending = stored(PENDING_KEY);

/** A plausible email address; the server has the last word. */
export const isEmail = (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(value).trim());

/* ---- API ---- */

/**
 * Calls the API; resolves `{status, body, retryAfter}` and never throws (status 0 when the server
 * cannot be reached). `auth: true` sends the session's JWT.
 */
export const api = async (path, { method = 'GET', body, auth = false } = {}) => {
  const headers = { Accept: 'application/json', 'Accept-Language': language };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const current = session.get();
  if (auth && current?.jwt) headers.Authorization = `Bearer ${current.jwt}`;
  try {
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
    let answer = null;
    try {
      answer = await res.json();
    } catch {
      answer = null;
    }
    const retry = Number(res.headers.get('Retry-After'));
    return { status: res.status, body: answer, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined };
  } catch {
    return { status: 0, body: null };
  }
};

/** "2 min 5 s" / "2 min 5 s", "3 h 10 min" for a number of seconds. */
export const formatWait = (seconds) => {
  const total = Math.max(1, Math.ceil(seconds || 0));
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min${total % 60 ? ` ${total % 60} s` : ''}`;
  return `${Math.floor(total / 3600)} h ${Math.floor((total % 3600) / 60)} min`;
};

/** 1:02:03 or 2:03 for a number of seconds. */
export const formatDuration = (seconds) => {
  const total = Math.round(Number(seconds) || 0);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

export const formatDate = (value, withTime = false) => {
  if (!value) return '';
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  const options = withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', options).format(date);
};

export const formatBytes = (value) => {
  const bytes = Number(value);
  if (!Number.isFinite(bytes) || bytes <= 0) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const power = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1000)));
  const amount = bytes / 1000 ** power;
  return `${new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(amount)} ${units[power]}`;
};

/** `value` if it is a page of this site (no open redirect), else undefined. */
export const sameOrigin = (value) => {
  if (!value) return undefined;
  try {
    const url = new URL(value, window.location.origin);
    return url.origin === window.location.origin ? url.href : undefined;
  } catch {
    return undefined;
  }
};

/** The `returnTo` of this page's query, when it is a page of this site. */
export const returnTo = () => sameOrigin(new URLSearchParams(window.location.search).get('returnTo'));

/** `path` with `returnTo` carried along. */
export const withReturnTo = (path, target = returnTo()) => (target ? `${path}?returnTo=${encodeURIComponent(target)}` : path);

/* ---- Forms: each error is tied to its field (aria-describedby) and read out. ---- */

export const showFieldError = (input, message) => {
  const box = document.getElementById(`${input.id}-error`);
  if (box) box.textContent = message || '';
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
};

export const clearErrors = (form) => {
  form.querySelectorAll('[aria-invalid]').forEach((input) => showFieldError(input, ''));
  const summary = form.querySelector('[data-role=form-message]');
  if (summary) summary.textContent = '';
};

/** Shows a message for the whole form (role=alert) and, if given, moves focus to `focus`. */
export const showFormMessage = (form, message, focus) => {
  const summary = form.querySelector('[data-role=form-message]');
  if (summary) summary.textContent = message;
  if (focus) focus.focus();
};

/** The message for an answer that is neither success nor a known refusal. */
export const genericFailure = (answer) => {
  if (answer.status === 0) return t('common.offline');
  if (answer.status === 429) return t('common.slowDown', { time: formatWait(answer.retryAfter) });
  return t('common.failed');
};

/* ---- Header: navigation, session and the language switch, on every page. ---- */

const renderHeader = () => {
  const header = document.getElementById('site-header');
  if (!header) return;
  const current = session.get();
  header.replaceChildren();
  const nav = document.createElement('nav');
  nav.setAttribute('aria-label', t('nav.main'));
  const home = document.createElement('a');
  home.href = '/stories/';
  home.className = 'brand';
  home.textContent = t('site.name');
  const stories = document.createElement('a');
  stories.href = '/stories/';
  stories.textContent = t('nav.stories');
  nav.append(home, stories);
  const here = window.location.pathname + window.location.search;
  if (current?.jwt) {
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = t('nav.signedInAs', { email: current.user?.email || '' });
    const out = document.createElement('button');
    out.type = 'button';
    out.className = 'link';
    out.textContent = t('nav.logout');
    out.addEventListener('click', () => {
      session.clear();
      document.dispatchEvent(new CustomEvent('newsreel:session'));
      const status = document.getElementById('site-status');
      if (status) status.textContent = t('login.loggedOut');
    });
    nav.append(who, out);
  } else if (!/\/account\/(login|signup)\.html$/.test(window.location.pathname)) {
    const login = document.createElement('a');
    login.href = withReturnTo('/account/login.html', sameOrigin(here));
    login.textContent = t('nav.login');
    const signup = document.createElement('a');
    signup.href = withReturnTo('/account/signup.html', sameOrigin(here));
    signup.textContent = t('nav.signup');
    nav.append(login, signup);
  }
  const other = language === 'fr' ? 'en' : 'fr';
  const switcher = document.createElement('button');
  switcher.type = 'button';
  switcher.className = 'language';
  switcher.lang = other;
  switcher.textContent = t('nav.language');
  switcher.setAttribute('aria-label', t('nav.languageLabel'));
  switcher.addEventListener('click', () => {
    setLanguage(other);
    document.querySelector('#site-header button.language')?.focus();
  });
  nav.append(switcher);
  const status = document.createElement('p');
  status.id = 'site-status';
  status.setAttribute('role', 'status');
  header.append(nav, status);
};

document.addEventListener('newsreel:session', () => renderHeader());
applyTexts();
onLanguage(renderHeader);
