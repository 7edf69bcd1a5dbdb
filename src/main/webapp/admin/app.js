// Shared by every admin page: who is signed in, the navigation, API calls (the session cookie and the
// CSRF token on every write), keyset-paged tables and messages. Text from the server is only ever put
// into the page as text (textContent or Tabulator's escaping formatters), never as HTML.

const PAGES = [
  {id: 'accounts', href: 'index.html', title: '公众号'},
  {id: 'replies', href: 'replies.html', title: '自动回复'},
  {id: 'transactions', href: 'transactions.html', title: '业务办理'},
  {id: 'lookup', href: 'lookup.html', title: '投诉查询'},
  {id: 'service', href: 'service.html', title: '客服记录'},
  {id: 'menus', href: 'menus.html', title: '菜单'},
  {id: 'activities', href: 'activities.html', title: '活动'},
  {id: 'pushes', href: 'pushes.html', title: '模板推送'},
  {id: 'redpackets', href: 'redpackets.html', title: '流量红包'},
  {id: 'alerts', href: 'alerts.html', title: '告警'},
  {id: 'monitor', href: 'monitor.html', title: '监控'},
  {id: 'logs', href: 'logs.html', title: '日志'},
  {id: 'users', href: 'users.html', title: '管理员', role: 'SUPER_ADMIN'},
];

export const session = {me: null};

/** True when the signed-in user may write (SUPER_ADMIN); the server refuses the others anyway. */
export const canWrite = () => session.me && session.me.role === 'SUPER_ADMIN';

/** A failed API call, with the server's reason. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the API: JSON in and out, the CSRF token on writes; 401 goes to the sign-in page. */
export async function api(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET' && session.me) headers['X-WXP-CSRF'] = session.me.csrf;
  let payload;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const r = await fetch('../api/' + path, {method, headers, body: payload, credentials: 'same-origin'});
  if (r.status === 401 && !path.startsWith('auth/')) {
    location.href = '../login.html?expired=1';
    throw new ApiError(401, '登录已过期，请重新登录');
  }
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = {error: text};
  }
  if (!r.ok) {
    const reason = data && data.error ? data.error : 'HTTP ' + r.status;
    throw new ApiError(r.status, r.status === 403 ? '没有权限：' + reason : reason);
  }
  return data;
}

/** Builds an element: el('td', {class: 'x', text: 'y'}, child...). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Shows a message at the top of the page (kind: success, danger, warning, info). */
export function notify(message, kind = 'success') {
  const box = document.getElementById('messages');
  const alert = el('div', {class: `alert alert-${kind} alert-dismissible fade show py-2`, role: 'alert', dataset: {kind}},
    el('span', {class: 'message', text: message}),
    el('button', {type: 'button', class: 'btn-close', 'data-bs-dismiss': 'alert', 'aria-label': '关闭'}));
  box.prepend(alert);
  if (kind === 'success') setTimeout(() => alert.remove(), 6000);
}

/** Runs an action, telling the user what failed. */
export async function attempt(action, success) {
  try {
    const out = await action();
    if (success) notify(success);
    return out;
  } catch (e) {
    notify(e.message, 'danger');
    return undefined;
  }
}

/** The page's start: the session (or the sign-in page), the header, hiding what this role cannot do. */
export async function boot(pageId) {
  let me;
  try {
    me = await api('GET', 'auth/me');
  } catch (e) {
    location.href = '../login.html';
    return null;
  }
  if (me.role === 'AGENT') {
    location.href = '../console/';
    return null;
  }
  session.me = me;
  const nav = el('ul', {id: 'nav', class: 'navbar-nav me-auto'});
  for (const p of PAGES) {
    if (p.role && p.role !== me.role) continue;
    const a = el('a', {class: 'nav-link' + (p.id === pageId ? ' active' : ''), href: p.href, text: p.title,
      'aria-current': p.id === pageId ? 'page' : null, dataset: {page: p.id}});
    if (p.id === 'alerts') a.append(' ', el('span', {id: 'alertBadge', class: 'badge text-bg-danger d-none'}));
    nav.append(el('li', {class: 'nav-item'}, a));
  }
  const logout = el('a', {id: 'logout', href: '#', class: 'btn btn-outline-light btn-sm', text: '退出'});
  logout.addEventListener('click', async (e) => {
    e.preventDefault();
    await fetch('../api/auth/logout', {method: 'POST', headers: {'X-WXP-CSRF': me.csrf}, credentials: 'same-origin'});
    location.href = '../login.html';
  });
  document.getElementById('top').replaceChildren(
    el('nav', {class: 'navbar navbar-expand-md navbar-dark bg-wx'},
      el('div', {class: 'container-fluid'},
        el('a', {class: 'navbar-brand', href: 'index.html'}, el('span', {class: 'dot', text: '●'}), ' wxplatform 管理后台'),
        el('button', {class: 'navbar-toggler', type: 'button', 'data-bs-toggle': 'collapse', 'data-bs-target': '#navbarMain',
          'aria-label': '菜单'}, el('span', {class: 'navbar-toggler-icon'})),
        el('div', {class: 'collapse navbar-collapse', id: 'navbarMain'}, nav,
          el('span', {id: 'me', class: 'navbar-text text-light me-3', text: `${me.username}（${roleName(me.role)}）`}),
          logout))));
  if (!canWrite()) {
    document.querySelectorAll('[data-write]').forEach((n) => n.remove());
    document.body.classList.add('read-only');
  }
  api('GET', 'admin/alerts/summary').then((s) => {
    const badge = document.getElementById('alertBadge');
    if (badge && s && s.open > 0) {
      badge.textContent = s.open > 99 ? '99+' : String(s.open);
      badge.classList.remove('d-none');
    }
  }).catch(() => {});
  return me;
}

export function roleName(role) {
  return {SUPER_ADMIN: '超级管理员', ADMIN: '管理员', AGENT: '客服'}[role] || role;
}

// the admin shows and takes times in Beijing time, whatever the browser's zone (the server's WXP_TIMEZONE)
const BEIJING = new Intl.DateTimeFormat('sv-SE', {timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit',
  day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'});

/** yyyy-MM-dd HH:mm:ss of an ISO instant, in Beijing time. */
export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return BEIJING.format(d);
}

/** yyyy-MM-ddTHH:mm of a Date in Beijing time (the value of a datetime-local input). */
export function beijingInput(d) {
  return BEIJING.format(d).slice(0, 16).replace(' ', 'T');
}

/** The query string of the non-empty values of a form (or an object). */
export function query(values) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && String(v).trim() !== '') q.set(k, String(v).trim());
  return q.toString();
}

export function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

/**
 * A Tabulator table fed page by page from an endpoint answering {rows, next} (keyset cursor): the pager's
 * buttons walk forward with the cursor and back through the cursors already seen.
 */
export class PagedTable {
  constructor(element, columns, options = {}) {
    this.path = null;
    this.cursors = [null];
    this.page = 0;
    this.limit = options.limit || 50;
    this.table = new Tabulator(element, {
      layout: 'fitColumns',
      placeholder: '没有数据',
      columns,
      data: [],
      selectableRows: options.selectable ? true : false,
      index: options.index || 'id',
    });
    const pager = el('div', {class: 'd-flex align-items-center gap-2 mt-2 pager'},
      this.prev = el('button', {type: 'button', class: 'btn btn-outline-secondary btn-sm', text: '上一页', disabled: true,
        onclick: () => this.go(this.page - 1)}),
      this.label = el('span', {class: 'text-secondary small'}),
      this.next = el('button', {type: 'button', class: 'btn btn-outline-secondary btn-sm', text: '下一页', disabled: true,
        onclick: () => this.go(this.page + 1)}));
    element.after(pager);
  }

  /** Starts again from the first page of {@code path} (without limit/after). */
  async load(path) {
    this.path = path;
    this.cursors = [null];
    return this.go(0);
  }

  async reload() {
    return this.go(this.page);
  }

  async go(page) {
    if (!this.path || page < 0 || page >= this.cursors.length) return;
    const sep = this.path.includes('?') ? '&' : '?';
    const after = this.cursors[page];
    const data = await attempt(() => api('GET', this.path + sep + `limit=${this.limit}` + (after ? `&after=${encodeURIComponent(after)}` : '')));
    if (!data) return;
    this.page = page;
    if (data.next && this.cursors.length === page + 1) this.cursors.push(data.next);
    await this.table.replaceData(data.rows);
    this.prev.disabled = page === 0;
    this.next.disabled = !data.next;
    this.label.textContent = `第 ${page + 1} 页 · 本页 ${data.rows.length} 条`;
    return data;
  }
}

/** A Tabulator cell formatter that shows buttons (made by {@code make(row)}) as DOM nodes. */
export function buttons(make) {
  return (cell) => {
    const box = el('div', {class: 'd-flex gap-1'});
    for (const b of make(cell.getRow().getData(), cell.getRow())) if (b) box.append(b);
    return box;
  };
}

/** A small button for a table row. */
export function rowButton(text, kind, onclick, attrs = {}) {
  return el('button', {type: 'button', class: `btn btn-${kind} btn-sm py-0`, text, onclick, ...attrs});
}

/** The selected account of the page (kept across pages in this browser). */
export async function accountPicker(select, onChange) {
  const accounts = await attempt(() => api('GET', 'admin/accounts')) || [];
  select.replaceChildren(...accounts.map((a) => el('option', {value: a.appid, text: `${a.name}（${a.appid}）`})));
  const wanted = new URLSearchParams(location.search).get('appid') || localStorage.getItem('wxp.appid');
  if (wanted && accounts.some((a) => a.appid === wanted)) select.value = wanted;
  select.addEventListener('change', () => {
    localStorage.setItem('wxp.appid', select.value);
    onChange(select.value);
  });
  if (select.value) onChange(select.value);
  return accounts;
}
