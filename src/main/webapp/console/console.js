// The agents' console: who is signed in, and sign-out. The waiting queue and live conversations come
// with the human customer-service module.
(async () => {
  const r = await fetch('../api/auth/me', {credentials: 'same-origin'});
  if (!r.ok) { location.href = '../login.html'; return; }
  const me = await r.json();
  document.getElementById('me').textContent = me.username;
  document.getElementById('status').textContent = '已登录。人工客服的排队与会话功能尚未开放。';
  document.getElementById('logout').addEventListener('click', async (e) => {
    e.preventDefault();
    await fetch('../api/auth/logout', {method: 'POST', headers: {'X-WXP-CSRF': me.csrf}, credentials: 'same-origin'});
    location.href = '../login.html';
  });
})();
