// The live password checklist: the rules come from GET /api/password-policy (in the page's
// language); each rule is ticked as the person types. Rules a browser can judge are judged at
// once; the server's POST /api/password-policy/check has the last word (common passwords).
import { api, lang, t } from './newsreel.js';

/** Rules the page can judge by itself, by id; the others wait for the server's check. */
const LOCAL = {
  'min-length': (password, rule) => [...password].length >= Number(rule.minLength ?? rule.min ?? 0),
  'max-bytes': (password, rule) => new TextEncoder().encode(password).length <= Number(rule.maxBytes ?? rule.max ?? Infinity),
  'no-whitespace': (password) => !/\s/u.test(password),
  lowercase: (password) => /\p{Ll}/u.test(password),
  uppercase: (password) => /\p{Lu}/u.test(password),
  digit: (password) => /\p{Nd}/u.test(password),
  symbol: (password) => /[^\p{L}\p{N}\s]/u.test(password),
  'not-personal': (password, rule, email) => {
    const local = (email || '').split('@')[0].toLowerCase();
    return local.length < Number(rule.minLength ?? 4) || !password.toLowerCase().includes(local);
  },
};

/**
 * Draws the checklist into `list` for `input` (and the email of `emailInput`, for the rule that
 * refuses the address in the password). Returns `{ failures() }`: the ids of unmet rules, [] when
 * every rule is met, null before the rules are known.
 */
export const passwordChecklist = (input, list, emailInput) => {
  let policy = null;
  let serverFailures = null;
  let checkedValue = null;
  let timer;

  const judge = (rule) => {
    const password = input.value;
    if (password === '') return false;
    if (serverFailures && checkedValue === password + '\u0000' + (emailInput?.value ?? '')) return !serverFailures.includes(rule.id);
    const local = LOCAL[rule.id];
    if (local) return local(password, rule, emailInput?.value);
    return serverFailures ? !serverFailures.includes(rule.id) : false;
  };

  const draw = () => {
    if (!policy) return;
    list.replaceChildren(
      ...policy.rules.map((rule) => {
        const met = judge(rule);
        const item = document.createElement('li');
        item.dataset.rule = rule.id;
        item.className = met ? 'met' : 'unmet';
        const mark = document.createElement('span');
        mark.setAttribute('aria-hidden', 'true');
        mark.textContent = met ? '✓' : '○';
        const text = document.createElement('span');
        text.textContent = rule.message;
        const state = document.createElement('span');
        state.className = 'visually-hidden';
        state.textContent = ` (${met ? t('checklist.met') : t('checklist.notMet')})`;
        item.append(mark, ' ', text, state);
        return item;
      })
    );
  };

  const load = async () => {
    const answer = await api(`/api/password-policy?locale=${lang()}`);
    if (answer.status === 200 && Array.isArray(answer.body?.rules)) {
      policy = answer.body;
      draw();
    } else {
      const item = document.createElement('li');
      item.textContent = t('checklist.unavailable');
      list.replaceChildren(item);
    }
  };

  const askServer = async () => {
    const password = input.value;
    const key = password + '\u0000' + (emailInput?.value ?? '');
    if (password === '' || key === checkedValue) return;
    const answer = await api('/api/password-policy/check', { method: 'POST', body: { password, email: emailInput?.value || undefined } });
    // A check refused (429) or lost leaves the browser's own judgement in place.
    if (answer.status === 200 && Array.isArray(answer.body?.failures) && key === input.value + '\u0000' + (emailInput?.value ?? '')) {
      serverFailures = answer.body.failures;
      checkedValue = key;
      draw();
    }
  };

  const changed = () => {
    draw();
    window.clearTimeout(timer);
    timer = window.setTimeout(askServer, 400);
  };
  input.addEventListener('input', changed);
  emailInput?.addEventListener('change', changed);
  load();

  return {
    /** Reloads the rules in the current language. */
    reload: load,
    failures() {
      if (!policy) return null;
      return policy.rules.filter((rule) => !judge(rule)).map((rule) => rule.id);
    },
    /**
     * The unmet rules of the password as typed now, once the server has judged it (a form calls
     * this on submit). When the server cannot answer, the rules it alone judges are left to the
     * form's own request, which the server checks again anyway.
     */
    async settle() {
      window.clearTimeout(timer);
      await askServer();
      if (!policy) return null;
      const key = input.value + '\u0000' + (emailInput?.value ?? '');
      if (checkedValue === key) return this.failures();
      return policy.rules.filter((rule) => LOCAL[rule.id] && !judge(rule)).map((rule) => rule.id);
    },
  };
};
