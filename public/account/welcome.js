// Success: the account can download; the newsletter in one click (POST /api/newsletter/subscribe
// with the JWT subscribes a verified account at once), unless it already is subscribed.
import { api, genericFailure, lang, onLanguage, returnTo, session, t } from '/assets/newsreel.js';

const button = document.getElementById('subscribe');
const status = document.getElementById('newsletter-status');
let subscribed = false;

const draw = () => {
  const back = returnTo();
  const link = document.getElementById('continue');
  link.href = back || '/stories/';
  link.textContent = back ? t('common.back') : t('common.toStories');
  button.hidden = subscribed || !session.get()?.jwt;
  if (subscribed) status.textContent = t('welcome.subscribed');
};

const load = async () => {
  if (!session.get()?.jwt) return window.location.replace('/account/login.html');
  const answer = await api('/api/newsletter/subscription', { auth: true });
  subscribed = answer.status === 200 && answer.body?.data?.status === 'subscribed';
  draw();
};

button.addEventListener('click', async () => {
  button.disabled = true;
  const answer = await api('/api/newsletter/subscribe', { method: 'POST', body: { locale: lang() }, auth: true });
  button.disabled = false;
  if (answer.status === 200) {
    subscribed = true;
    draw();
    document.getElementById('continue').focus();
  } else {
    status.textContent = genericFailure(answer);
  }
});

onLanguage(draw);
document.querySelector('h1').focus();
load();
