// The newsletter's link pages. The token travels in the URL fragment, so it reaches no server
// log, and is sent in a POST body only when the person presses the button: opening the page (or a
// mail scanner fetching the link) changes nothing.
import { api, genericFailure, onLanguage, t } from '/assets/newsreel.js';

const action = document.body.getAttribute('data-action');
const token = new URLSearchParams(window.location.hash.slice(1)).get('token') || '';
const button = document.getElementById('go');
const message = document.getElementById('message');
let outcome = token ? '' : 'newsletter.noToken';

onLanguage(() => {
  if (outcome) message.textContent = t(outcome);
});
button.disabled = !token;

button.addEventListener('click', async () => {
  button.disabled = true;
  const answer = await api(`/api/newsletter/${action}`, { method: 'POST', body: { token } });
  if (answer.status === 200) {
    outcome = action === 'confirm' ? 'newsletter.subscribed' : 'newsletter.unsubscribed';
    button.hidden = true;
  } else if (answer.status === 400) {
    outcome = 'newsletter.invalid';
  } else {
    outcome = '';
    button.disabled = false;
    message.textContent = genericFailure(answer);
    return;
  }
  message.textContent = t(outcome);
});
