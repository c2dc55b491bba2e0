// Create an account: POST /api/auth/local/register, then the code page. The answer is the same
// for a new and a known address, so the page always moves on to "check your inbox".
import { api, clearErrors, genericFailure, isEmail, lang, onLanguage, pending, returnTo, showFieldError, showFormMessage, t, withReturnTo } from '/assets/newsreel.js';
import { passwordChecklist } from '/assets/password-checklist.js';

const form = document.getElementById('signup');
const field = (name) => form.elements.namedItem(name);
const checklist = passwordChecklist(field('password'), document.getElementById('password-rules'), field('email'));

document.getElementById('show-password').addEventListener('change', (event) => {
  field('password').type = event.target.checked ? 'text' : 'password';
});
onLanguage(() => {
  document.getElementById('to-login').href = withReturnTo('/account/login.html');
  checklist.reload();
});

/** The browser's own checks, before anything is sent; the first invalid field gets the focus. */
const checkLocally = async () => {
  const problems = [];
  const email = field('email').value.trim();
  if (!isEmail(email)) problems.push([field('email'), t('error.email')]);
  const failed = await checklist.settle();
  if (field('password').value === '' || (failed && failed.length > 0)) problems.push([field('password'), t('error.passwordRules')]);
  const country = field('country').value.trim();
  if (country !== '' && !/^[A-Za-z]{2}$/.test(country)) problems.push([field('country'), t('error.country')]);
  return problems;
};

const show = (problems) => {
  for (const [input, message] of problems) showFieldError(input, message);
  showFormMessage(form, t('common.errorsAbove'), problems[0][0]);
};

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const problems = await checkLocally();
  if (problems.length > 0) return show(problems);

  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const email = field('email').value.trim();
  const body = { email, password: field('password').value, locale: lang(), newsletter: field('newsletter').checked };
  for (const name of ['firstName', 'lastName', 'organisation']) {
    if (field(name).value.trim() !== '') body[name] = field(name).value.trim();
  }
  if (field('country').value.trim() !== '') body.country = field('country').value.trim().toUpperCase();
  const target = returnTo();
  if (target) body.returnTo = target;

  const answer = await api('/api/auth/local/register', { method: 'POST', body });
  button.disabled = false;
  if (answer.status === 200) {
    pending.set({ email, purpose: 'signup', sentAt: Date.now(), returnTo: target });
    window.location.assign('/account/verify.html');
    return;
  }
  const errors = answer.body?.error?.details?.errors;
  if (answer.status === 400 && Array.isArray(errors) && errors.length > 0) {
    const byField = new Map();
    for (const error of errors) {
      const name = Array.isArray(error.path) ? error.path[0] : undefined;
      const input = name && field(name);
      if (!input) continue;
      const message = name === 'password' ? error.message : name === 'email' ? t('error.email') : name === 'country' ? t('error.country') : error.message;
      byField.set(input, byField.has(input) ? `${byField.get(input)} ${message}` : message);
    }
    if (byField.size > 0) return show([...byField.entries()]);
  }
  showFormMessage(form, genericFailure(answer), button);
});
