// The sign-in page: a form POST to /api/auth/login; the session cookie comes back, the page goes on
// to the admin (or the agents' console for an AGENT).
(() => {
  const params = new URLSearchParams(location.search);
  if (params.get('expired')) {
    const n = document.getElementById('notice');
    n.textContent = '登录已过期，请重新登录。';
    n.classList.remove('d-none');
  }
  const reasons = {
    'wrong username or password': '用户名或密码错误',
    'username and password are required': '请输入用户名和密码',
  };
  document.getElementById('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = document.getElementById('error');
    error.textContent = '';
    const body = new URLSearchParams(new FormData(e.target));
    const r = await fetch('api/auth/login', {method: 'POST', body, credentials: 'same-origin'});
    if (r.ok) {
      const me = await r.json();
      location.href = me.role === 'AGENT' ? 'console/' : 'admin/';
      return;
    }
    const err = await r.json().catch(() => ({error: '登录失败'}));
    const wait = r.headers.get('Retry-After');
    error.textContent = r.status === 429 ? `失败次数过多，请 ${Math.ceil(Number(wait || 60) / 60)} 分钟后再试` : (reasons[err.error] || err.error);
  });
})();
