// Check your inbox: the code (POST /api/auth/verify-email), a new code after the cooldown
// (POST /api/auth/resend-code), and what each refusal means for the person.
import { api, clearErrors, formatWait, genericFailure, onLanguage, pending, session, showFieldError, showFormMessage, t } from '/assets/newsreel.js';
import { digitsOnly } from '/account/code-input.js';

const CODE_LIFETIME_MS = 30 * 60 * 1000;
/** The contract's resend cooldown; a 429's Retry-After corrects it. */
const COOLDOWN_SECONDS = 60;

const form = document.getElementById('verify');
const code = document.getElementById('code');
const emailInput = document.getElementById('email');
const resend = document.getElementById('resend');
const resendStatus = document.getElementById('resend-status');
// The countdown is not read out every second (aria-live off); the button's state says it.
const countdown = document.getElementById('resend-countdown');
let state = pending.get() || {};
if (!state.email) document.getElementById('email-group').hidden = false;
digitsOnly(code);

const email = () => state.email || emailInput.value.trim();
let resendAt = (state.sentAt || 0) + COOLDOWN_SECONDS * 1000;
let timer;

const drawCountdown = () => {
  const left = Math.ceil((resendAt - Date.now()) / 1000);
  if (left > 0) {
    resend.disabled = true;
    countdown.textContent = t('verify.resendIn', { seconds: left });
  } else {
    resend.disabled = false;
    countdown.textContent = '';
    window.clearInterval(timer);
    timer = undefined;
  }
};
const startCountdown = () => {
  drawCountdown();
  if (!timer) timer = window.setInterval(drawCountdown, 1000);
};

onLanguage(() => {
  document.getElementById('sent-to').textContent = state.email ? t('verify.sentTo', { email: state.email }) : t('verify.sentToUnknown');
  drawCountdown();
});
startCountdown();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  if (!state.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailInput.value.trim())) {
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

resend.addEventListener('click', async () => {
  if (!email()) {
    showFieldError(emailInput, t('error.email'));
    return emailInput.focus();
  }
  resend.disabled = true;
  resendStatus.textContent = '';
  const answer = await api('/api/auth/resend-code', { method: 'POST', body: { email: email(), purpose: state.purpose || 'signup' } });
  if (answer.status === 200) {
    state = { ...state, email: email(), sentAt: Date.now() };
    pending.set(state);
    resendAt = state.sentAt + COOLDOWN_SECONDS * 1000;
    code.value = '';
    showFieldError(code, '');
    resendStatus.textContent = t('verify.resent');
    startCountdown();
    return code.focus();
  }
  if (answer.status === 429) {
    resendAt = Date.now() + (answer.retryAfter || COOLDOWN_SECONDS) * 1000;
    return startCountdown();
  }
  resend.disabled = false;
  resendStatus.textContent = genericFailure(answer);
});
