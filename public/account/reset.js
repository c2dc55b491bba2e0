// Reset a password: email (POST /api/auth/forgot-password) → code and new password with the
// same checklist (POST /api/auth/reset-password) → done, with a way back to `returnTo`.
// The session ends: every token of the account stops working once the password changes.
import { api, clearErrors, formatWait, genericFailure, isEmail, onLanguage, returnTo, sameOrigin, session, showFieldError, showFormMessage, t } from '/assets/newsreel.js';
import { digitsOnly } from '/account/code-input.js';
import { COOLDOWN_SECONDS, resendButton } from '/account/resend.js';
import { passwordChecklist } from '/assets/password-checklist.js';

const ask = document.getElementById('ask');
const change = document.getElementById('change');
const done = document.getElementById('done');
const email = document.getElementById('email');
const code = document.getElementById('code');
const password = document.getElementById('password');
const again = document.getElementById('passwordConfirmation');
const checklist = passwordChecklist(password, document.getElementById('password-rules'), email);
digitsOnly(code);

let address = '';
let backTo = returnTo();
const resend = resendButton({
  button: document.getElementById('resend'),
  countdown: document.getElementById('resend-countdown'),
  status: document.getElementById('resend-status'),
  purpose: () => 'reset',
  email: () => address,
});

onLanguage(() => {
  if (address) document.getElementById('code-sent').textContent = t('reset.codeSent', { email: address });
  checklist.reload();
  resend.draw();
});

ask.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(ask);
  if (!isEmail(email.value.trim())) {
    showFieldError(email, t('error.email'));
    return email.focus();
  }
  const button = ask.querySelector('button[type=submit]');
  button.disabled = true;
  const body = { email: email.value.trim() };
  if (backTo) body.returnTo = backTo;
  const answer = await api('/api/auth/forgot-password', { method: 'POST', body });
  button.disabled = false;
  if (answer.status !== 200) return showFormMessage(ask, genericFailure(answer), button);
  address = body.email;
  ask.hidden = true;
  change.hidden = false;
  const sent = document.getElementById('code-sent');
  sent.textContent = t('reset.codeSent', { email: address });
  resend.start(Date.now() + COOLDOWN_SECONDS * 1000);
  code.focus();
});

change.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(change);
  const problems = [];
  if (!/^\d{6}$/.test(code.value)) problems.push([code, t('error.code')]);
  const failed = await checklist.settle();
  if (password.value === '' || (failed && failed.length > 0)) problems.push([password, t('error.passwordRules')]);
  if (again.value !== password.value) problems.push([again, t('error.passwordMismatch')]);
  if (problems.length > 0) {
    for (const [input, message] of problems) showFieldError(input, message);
    return showFormMessage(change, t('common.errorsAbove'), problems[0][0]);
  }
  const button = change.querySelector('button[type=submit]');
  button.disabled = true;
  const answer = await api('/api/auth/reset-password', {
    method: 'POST',
    body: { email: address, code: code.value, password: password.value, passwordConfirmation: again.value },
  });
  button.disabled = false;
  if (answer.status === 200) {
    session.clear();
    document.dispatchEvent(new CustomEvent('newsreel:session'));
    backTo = sameOrigin(answer.body?.returnTo) || backTo;
    const back = document.getElementById('back');
    back.href = backTo || '/account/login.html';
    change.hidden = true;
    done.hidden = false;
    done.querySelector('.success').focus();
    return;
  }
  const errors = answer.body?.error?.details?.errors;
  if (answer.status === 400 && Array.isArray(errors) && errors.some((error) => error.path?.[0] === 'password')) {
    showFieldError(password, errors.filter((error) => error.path?.[0] === 'password').map((error) => error.message).join(' '));
    return showFormMessage(change, t('common.errorsAbove'), password);
  }
  if (answer.status === 400) {
    showFieldError(code, t('reset.wrongCode'));
    return code.focus();
  }
  if (answer.status === 429) {
    showFieldError(code, t('verify.tooMany', { time: formatWait(answer.retryAfter) }));
    return code.focus();
  }
  showFormMessage(change, genericFailure(answer), button);
});
