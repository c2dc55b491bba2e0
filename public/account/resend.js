// "Send a new code": the button waits out the cooldown, counted down beside it (not read out every
// second: the button's state says it), then asks POST /api/auth/resend-code.
import { api, genericFailure, t } from '/assets/newsreel.js';

/** The contract's resend cooldown; a 429's Retry-After corrects it. */
export const COOLDOWN_SECONDS = 60;

/**
 * Wires `button`: `email()` gives the address (empty: nothing is sent), `sent()` runs once a new
 * code is on its way. Returns `start(at)`, to count down to the moment `at` (ms), and `draw()`, to
 * redraw in the current language.
 */
export const resendButton = ({ button, countdown, status, email, purpose, sent }) => {
  let resendAt = 0;
  let timer;

  const draw = () => {
    const left = Math.ceil((resendAt - Date.now()) / 1000);
    button.disabled = left > 0;
    countdown.textContent = left > 0 ? t('verify.resendIn', { seconds: left }) : '';
    if (left <= 0 && timer) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
  const start = (at) => {
    resendAt = at;
    draw();
    if (!timer && resendAt > Date.now()) timer = window.setInterval(draw, 1000);
  };

  button.addEventListener('click', async () => {
    const address = email();
    if (!address) return;
    button.disabled = true;
    status.textContent = '';
    const answer = await api('/api/auth/resend-code', { method: 'POST', body: { email: address, purpose: purpose() } });
    if (answer.status === 200) {
      status.textContent = t('verify.resent');
      start(Date.now() + COOLDOWN_SECONDS * 1000);
      sent?.();
      return;
    }
    if (answer.status === 429) return start(Date.now() + (answer.retryAfter || COOLDOWN_SECONDS) * 1000);
    button.disabled = false;
    status.textContent = genericFailure(answer);
  });

  return { start, draw };
};
