// Log in (POST /api/auth/local): the JWT goes to sessionStorage, then back to `returnTo`.
import { api, clearErrors, genericFailure, isEmail, onLanguage, pending, returnTo, session, showFieldError, showFormMessage, t, withReturnTo } from '/assets/newsreel.js';

const form = document.getElementById('login');
const email = document.getElementById('email');
const password = document.getElementById('password');

onLanguage(() => {
  document.getElementById('forgot').href = withReturnTo('/account/reset.html');
  document.getElementById('to-signup').href = withReturnTo('/account/signup.html');
});
email.focus();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  document.getElementById('unconfirmed').hidden = true;
  if (!isEmail(email.value.trim())) {
    showFieldError(email, t('error.email'));
    return showFormMessage(form, t('common.errorsAbove'), email);
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const answer = await api('/api/auth/local', { method: 'POST', body: { identifier: email.value.trim(), password: password.value } });
  button.disabled = false;
  if (answer.status === 200 && answer.body?.jwt) {
    session.set({ jwt: answer.body.jwt, user: { id: answer.body.user?.id, email: answer.body.user?.email } });
    window.location.assign(returnTo() || '/stories/');
    return;
  }
  const message = String(answer.body?.error?.message || '');
  if (answer.status === 400 && /confirm/i.test(message)) {
    pending.set({ email: email.value.trim(), purpose: 'signup', sentAt: 0, returnTo: returnTo() });
    document.getElementById('unconfirmed').hidden = false;
    return showFormMessage(form, t('login.unconfirmed'), document.getElementById('enter-code'));
  }
  if (answer.status === 400) {
    showFormMessage(form, t('login.failed'), password);
    password.select();
    return;
  }
  showFormMessage(form, genericFailure(answer), button);
});
