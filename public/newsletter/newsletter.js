// Plain pages for the newsletter's links until a frontend hosts them: the token travels in the
// URL fragment, so it never reaches a server log, and is sent in a POST body.
(function () {
  var fr = (navigator.language || '').toLowerCase().indexOf('fr') === 0;
  var texts = {
    'confirm-title': ['Newsreel newsletter', 'Lettre Newsreel'],
    working: ['Confirming your subscription…', 'Confirmation de votre abonnement…'],
    subscribed: ['You are subscribed. The next newsletter will reach you.', 'Vous êtes abonné·e. La prochaine lettre vous parviendra.'],
    'unsubscribe-title': ['Leave the Newsreel newsletter', 'Quitter la lettre Newsreel'],
    'unsubscribe-question': ['Click the button to stop receiving the newsletter.', 'Cliquez sur le bouton pour ne plus recevoir la lettre.'],
    'unsubscribe-button': ['Unsubscribe', 'Me désabonner'],
    unsubscribed: ['You will not receive the newsletter any more.', 'Vous ne recevrez plus la lettre.'],
    invalid: ['This link is not valid or has expired. Ask for the newsletter again to get a new one.', 'Ce lien n’est pas valable ou a expiré. Redemandez la lettre pour en recevoir un nouveau.'],
    failed: ['Something went wrong. Please try again in a moment.', 'Une erreur est survenue. Réessayez dans un instant.'],
  };
  var t = function (key) { return texts[key][fr ? 1 : 0]; };
  document.documentElement.lang = fr ? 'fr' : 'en';
  Array.prototype.forEach.call(document.querySelectorAll('[data-text]'), function (node) {
    node.textContent = t(node.getAttribute('data-text'));
  });
  var token = new URLSearchParams(window.location.hash.slice(1)).get('token') || '';
  var message = document.getElementById('message');
  var send = function (path, done) {
    fetch('/api/newsletter/' + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: token }),
    }).then(function (res) {
      message.textContent = res.ok ? t(done) : res.status === 400 ? t('invalid') : t('failed');
    }, function () { message.textContent = t('failed'); });
  };
  if (document.body.getAttribute('data-action') === 'confirm') {
    send('confirm', 'subscribed');
  } else {
    document.getElementById('go').addEventListener('click', function (event) {
      event.target.disabled = true;
      send('unsubscribe', 'unsubscribed');
    });
  }
})();
