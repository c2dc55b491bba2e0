// Check your inbox: the code (POST /api/auth/verify-email), a new code after the cooldown
// (POST /api/auth/resend-code), and what each refusal means for the person.
import { api, clearErrors, formatWait, genericFailure, isEmail, onLanguage, pending, session, showFieldError, showFormMessage, t } from '/assets/newsreel.js';
import { digitsOnly } from '/account/code-input.js';
import { COOLDOWN_SECONDS, resendButton } from '/account/resend.js';

const CODE_LIFETIME_MS = 30 * 60 * 1000;

const form = document.getElementById('verify');
const code = document.getElementById('code');
const emailInput = document.getElementById('email');
let state = pending.get() || {};
if (!state.email) document.getElementById('email-group').hidden = false;
digitsOnly(code);

const email = () => state.email || emailInput.value.trim();
const resend = resendButton({
  button: document.getElementById('resend'),
  countdown: document.getElementById('resend-countdown'),
  status: document.getElementById('resend-status'),
  purpose: () => state.purpose || 'signup',
  email: () => {
    if (isEmail(email())) return email();
    showFieldError(emailInput, t('error.email'));
    emailInput.focus();
    return '';
  },
  sent: () => {
    state = { ...state, email: email(), sentAt: Date.now() };
    pending.set(state);
    code.value = '';
    showFieldError(code, '');
    code.focus();
  },
});
resend.start((state.sentAt || 0) + COOLDOWN_SECONDS * 1000);

onLanguage(() => {
  document.getElementById('sent-to').textContent = state.email ? t('verify.sentTo', { email: state.email }) : t('verify.sentToUnknown');
  resend.draw();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  if (!state.email && !isEmail(emailInput.value.trim())) {
    showFieldError(emailInput, t('error.email'));
    return showFormMessage(form, t('common.errorsAbove'), emailInput);
  }
  if (!/^\d{6}$/.test(code.value)) {
    showFieldError(code, t('error.code'));
    return code.focus();
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const answer = await api('/api/auth/verify-email', { method: 'POST', body: { email: email(), code: code.value } });
  button.disabled = false;
  if (answer.status === 200 && answer.body?.jwt) {
    session.set({ jwt: answer.body.jwt, user: { id: answer.body.user?.id, email: answer.body.user?.email } });
    const back = answer.body.returnTo || state.returnTo;
    pending.clear();
    window.location.assign(back ? `/account/welcome.html?returnTo=${encodeURIComponent(back)}` : '/account/welcome.html');
    return;
  }
  if (answer.status === 400) {
    // The server answers alike for a wrong, used or expired code; the page knows when it was sent.
    const expired = state.sentAt && Date.now() - state.sentAt > CODE_LIFETIME_MS;
    showFieldError(code, expired ? t('verify.expired') : t('verify.wrong'));
    code.select();
    return code.focus();
  }
  if (answer.status === 429) {
    showFieldError(code, t('verify.tooMany', { time: formatWait(answer.retryAfter) }));
    return code.focus();
  }
  showFormMessage(form, genericFailure(answer), button);
});
