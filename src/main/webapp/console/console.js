// The agents' console: the waiting queue, the agent's own chats and one conversation at a time, kept
// live by the WebSocket /console/live. The socket only rings; what changed is read over /api/console,
// so a lost ring or a reconnect (a node going away) costs a moment, never a message: on every
// (re)connect and every 10 s the page reads the queue and the lines after the last one it has.
(() => {
  'use strict';
  const base = location.pathname.replace(/\/console\/.*$/, '');
  const $ = (id) => document.getElementById(id);
  const S = {me: null, csrf: null, state: null, active: null, lines: new Map(), last: new Map(), unread: new Map(),
    offer: null, socket: null, sending: new Set()};

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function flash(text, kind) {
    const box = el('div', 'alert alert-' + (kind || 'danger') + ' py-2', text);
    $('messages').replaceChildren(box);
    setTimeout(() => box.remove(), 6000);
  }

  async function api(method, path, body) {
    const opts = {method, credentials: 'same-origin', headers: {}};
    if (method !== 'GET') opts.headers['X-WXP-CSRF'] = S.csrf;
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    const r = await fetch(base + '/api/console' + path, opts);
    if (r.status === 401) { location.href = base + '/login.html'; throw new Error('signed out'); }
    const text = await r.text();
    const data = text ? JSON.parse(text) : null;
    if (!r.ok) throw Object.assign(new Error((data && data.error) || ('HTTP ' + r.status)), {status: r.status});
    return data;
  }

  function time(iso) {
    const d = new Date(iso);
    return d.toLocaleTimeString('zh-CN', {hour12: false, timeZone: 'Asia/Shanghai'});
  }

  function dateTime(iso) {
    return new Date(iso).toLocaleString('zh-CN', {hour12: false, timeZone: 'Asia/Shanghai', month: '2-digit',
      day: '2-digit', hour: '2-digit', minute: '2-digit'});
  }

  function waitText(seconds) {
    return seconds < 60 ? seconds + ' 秒' : Math.floor(seconds / 60) + ' 分 ' + (seconds % 60) + ' 秒';
  }

  // ---- the queue and the agent's chats

  async function refreshState() {
    const st = await api('GET', '/state');
    S.state = st;
    $('me').textContent = st.me;
    $('load').textContent = st.mine.length + '/' + st.max;
    renderWaiting(st.waiting);
    renderMine(st.mine);
    renderTransfer(st.agents);
    // the header's allowance follows; a chat closed or transferred away stays on show, read-only
    if (S.active) renderChat();
    for (const c of st.mine) {
      if (!S.last.has(c.id)) await readLines(c.id);
    }
    if (!S.active && st.mine.length) select(st.mine[0].id);
    renderOffer();
  }

  function renderWaiting(list) {
    $('waiting-count').textContent = list.length;
    const items = list.map((c) => {
      const li = el('li', 'list-group-item d-flex align-items-center waiting-item');
      li.dataset.session = c.id;
      const who = el('div', 'me-2 small');
      who.append(el('div', 'mono', c.openid), el('div', 'text-secondary', c.appid + ' · 等待 ' + waitText(c.waitSeconds)
        + (c.messagesIn ? ' · ' + c.messagesIn + ' 条留言' : '')));
      const take = el('button', 'btn btn-sm btn-outline-success ms-auto take', '接入');
      take.addEventListener('click', () => takeChat(c.id));
      li.append(who, take);
      return li;
    });
    if (!items.length) items.push(el('li', 'list-group-item text-secondary small', '没有等待的用户'));
    $('waiting').replaceChildren(...items);
  }

  function renderMine(list) {
    const items = list.map((c) => {
      const li = el('li', 'list-group-item list-group-item-action mine-item' + (c.id === S.active ? ' active-chat' : ''));
      li.dataset.session = c.id;
      const top = el('div', 'd-flex align-items-center');
      top.append(el('span', 'mono small', c.openid));
      const unread = S.unread.get(c.id) || 0;
      if (unread) top.append(el('span', 'badge text-bg-danger ms-2 unread', String(unread)));
      top.append(el('span', 'badge ms-auto ' + (c.allowance.remaining > 0 ? 'text-bg-success' : 'text-bg-warning'),
        '可发 ' + c.allowance.remaining + ' 条'));
      li.append(top, el('div', 'small text-secondary', c.appid));
      li.addEventListener('click', () => select(c.id));
      return li;
    });
    if (!items.length) items.push(el('li', 'list-group-item text-secondary small', '还没有接入的会话'));
    $('mine').replaceChildren(...items);
  }

  function renderTransfer(agents) {
    const sel = $('transfer-to');
    const keep = sel.value;
    const opts = agents.filter((a) => a.username !== S.me).map((a) => {
      const o = el('option', null, a.username + '（' + a.open + '/' + a.max + '）');
      o.value = a.username;
      return o;
    });
    sel.replaceChildren(...opts);
    if (keep) sel.value = keep;
  }

  function renderOffer() {
    const box = $('offer');
    const waiting = S.state ? S.state.waiting : [];
    const offered = S.offer && waiting.find((c) => c.id === S.offer);
    if (!offered || (S.state && S.state.mine.length >= S.state.max)) {
      box.classList.add('d-none');
      return;
    }
    $('offer-who').textContent = offered.openid + '（等待 ' + waitText(offered.waitSeconds) + '）';
    box.classList.remove('d-none');
  }

  async function takeChat(id) {
    try {
      const chat = await api('POST', '/take', {session: id === undefined ? null : id});
      S.offer = null;
      await readLines(chat.id);
      await refreshState();
      select(chat.id);
    } catch (e) {
      flash(e.status === 404 ? '没有等待的用户' : '未能接入：' + e.message, 'warning');
      await refreshState();
    }
  }

  // ---- one conversation

  async function readLines(id, all) {
    const after = all ? 0 : (S.last.get(id) || 0);
    const page = await api('GET', '/sessions/' + id + '/lines?after=' + after);
    const lines = S.lines.get(id) || new Map();
    let fresh = 0;
    for (const l of page.lines) {
      if (!lines.has(l.id) && l.direction === 'I' && id !== S.active && after > 0) fresh++;
      lines.set(l.id, l);
      if (l.id > (S.last.get(id) || 0)) S.last.set(id, l.id);
    }
    S.lines.set(id, lines);
    if (fresh) S.unread.set(id, (S.unread.get(id) || 0) + fresh);
    S.sessions = S.sessions || new Map();
    S.sessions.set(id, page.session);
    if (id === S.active) renderChat();
    else if (S.state) renderMine(S.state.mine);
  }

  function select(id) {
    S.active = id;
    S.unread.delete(id);
    if (S.state) renderMine(S.state.mine);
    renderChat();
    readLines(id).catch((e) => flash(e.message));
  }

  function renderChat() {
    const id = S.active;
    const mine = S.state && S.state.mine.find((c) => c.id === id);
    const session = (S.sessions && S.sessions.get(id)) || mine;
    $('chat-title').textContent = session ? session.openid + ' · ' + session.appid : '未选择会话';
    $('chat-allowance').textContent = mine ? (mine.allowance.remaining > 0
      ? '还可发送 ' + mine.allowance.remaining + ' 条' + (mine.allowance.until ? '（至 ' + dateTime(mine.allowance.until) + '）' : '')
      : (mine.allowance.open ? '用户再次发言前无法发送（45047）' : '已超过 48 小时，无法发送（45015）')) : (session ? '会话已结束或已转出' : '');
    for (const b of ['text', 'send', 'close', 'transfer', 'transfer-to', 'quick-q']) $(b).disabled = !mine;
    const box = $('lines');
    const lines = [...(S.lines.get(id) || new Map()).values()].sort((a, b) => a.id - b.id);
    box.replaceChildren(...lines.map(lineView));
    box.scrollTop = box.scrollHeight;
  }

  function lineView(l) {
    const row = el('div', 'chat-row');
    let cls = 'chat-line ';
    if (l.direction === 'I') cls += 'in';
    else if (l.direction === 'O') cls += 'out';
    else if (l.direction === 'N') cls += 'notice';
    else cls += 'note';
    if (l.delivery === 'U' || l.delivery === 'F') cls += ' undelivered';
    const d = el('div', cls);
    d.dataset.line = l.id;
    d.dataset.direction = l.direction;
    if (l.direction === 'I' && l.type === 'image') {
      const img = el('img');
      img.src = l.content;
      img.alt = '图片';
      d.append(img);
    } else {
      d.append(el('span', 'content', l.content));
    }
    let meta = time(l.at);
    if (l.agent && l.direction === 'O') meta += ' · ' + l.agent;
    if (l.direction === 'O' || l.direction === 'N') {
      meta += ' · ' + ({P: '发送中', D: '已送达', U: '无法送达', F: '发送失败'}[l.delivery] || '');
      if (l.error && l.delivery !== 'D') meta += '（' + l.error + '）';
    }
    const m = el('span', 'meta', meta);
    m.dataset.delivery = l.delivery || '';
    d.append(m);
    row.append(d);
    return row;
  }

  async function send() {
    const id = S.active;
    const text = $('text').value.trim();
    if (!id || !text) return;
    const clientId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9-]/g, '');
    $('text').value = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await api('POST', '/sessions/' + id + '/answers', {clientId, text});
        await readLines(id);
        return;
      } catch (e) {
        if (e.status) { flash('未发送：' + e.message); $('text').value = text; return; }
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1))); // the node went away: the same clientId again
      }
    }
    flash('网络中断，未发送');
    $('text').value = text;
  }

  async function closeChat() {
    const id = S.active;
    if (!id) return;
    try {
      await api('POST', '/sessions/' + id + '/close');
      await readLines(id);
      await refreshState();
    } catch (e) { flash('未能结束：' + e.message); }
  }

  async function transfer() {
    const id = S.active;
    const to = $('transfer-to').value;
    if (!id || !to) return;
    try {
      await api('POST', '/sessions/' + id + '/transfer', {to});
      await readLines(id);
      await refreshState();
      flash('已转接给 ' + to, 'success');
    } catch (e) { flash('未能转接：' + e.message); }
  }

  let quickTimer = null;
  function quickSearch() {
    clearTimeout(quickTimer);
    quickTimer = setTimeout(async () => {
      const mine = S.state && S.state.mine.find((c) => c.id === S.active);
      if (!mine) return;
      const q = $('quick-q').value.trim();
      const found = await api('GET', '/quick-replies?appid=' + encodeURIComponent(mine.appid) + '&q=' + encodeURIComponent(q));
      const exact = found.find((f) => f.text === q);
      if (exact) { $('text').value = exact.text; $('text').focus(); return; }
      $('quick-list').replaceChildren(...found.map((f) => { const o = el('option'); o.value = f.text; o.label = f.keyword; return o; }));
    }, 250);
  }

  // ---- live

  let backoff = 1000;
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + base + '/console/live');
    S.socket = ws;
    let ping = null;
    ws.onopen = () => {
      backoff = 1000;
      $('live').classList.remove('off');
      ping = setInterval(() => ws.readyState === 1 && ws.send('ping'), 25000);
      catchUp();
    };
    ws.onmessage = (m) => ring(JSON.parse(m.data));
    ws.onclose = () => {
      clearInterval(ping);
      $('live').classList.add('off');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  }

  async function ring(e) {
    try {
      if (e.type === 'offer') {
        if (e.agent === S.me) S.offer = e.session;
        await refreshState();
      } else if (e.type === 'queue' || e.type === 'session' || e.type === 'resync') {
        await refreshState();
        if (e.session && S.lines.has(e.session)) await readLines(e.session);
      } else if (e.type === 'message') {
        if (S.lines.has(e.session)) await readLines(e.session);
        else await refreshState();
      } else if (e.type === 'delivery') {
        if (S.lines.has(e.session)) await readLines(e.session, true);
        await refreshState();
      }
    } catch (err) {
      // the next ring or the periodic catch-up reads it
    }
  }

  async function catchUp() {
    try {
      await refreshState();
      for (const id of S.lines.keys()) await readLines(id, true);
    } catch (e) {
      // next time
    }
  }

  (async () => {
    const r = await fetch(base + '/api/auth/me', {credentials: 'same-origin'});
    if (!r.ok) { location.href = base + '/login.html'; return; }
    const me = await r.json();
    S.me = me.username;
    S.csrf = me.csrf;
    $('logout').addEventListener('click', async (e) => {
      e.preventDefault();
      await fetch(base + '/api/auth/logout', {method: 'POST', headers: {'X-WXP-CSRF': S.csrf}, credentials: 'same-origin'});
      location.href = base + '/login.html';
    });
    $('take-next').addEventListener('click', () => takeChat());
    $('offer-take').addEventListener('click', () => S.offer && takeChat(S.offer));
    $('send').addEventListener('click', send);
    $('text').addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); } });
    $('close').addEventListener('click', closeChat);
    $('transfer').addEventListener('click', transfer);
    $('quick-q').addEventListener('input', quickSearch);
    $('quick-q').addEventListener('change', () => {
      const v = $('quick-q').value;
      const opt = [...$('quick-list').options].find((o) => o.value === v);
      if (opt) { $('text').value = opt.value; $('text').focus(); }
    });
    await catchUp();
    connect();
    setInterval(catchUp, 10000);
  })();
})();
