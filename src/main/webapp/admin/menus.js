// The custom menu editor (3 x 5) with WeChat's byte limits shown live, publishing with WeChat's read-back,
// and the click statistics (share pie, daily lines, idle buttons flagged). Text only ever goes in as text.
import {accountPicker, api, attempt, boot, canWrite, el, notify, time} from './app.js';

await boot('menus');

const TYPES = [
  ['click', '点击推事件'], ['view', '跳转网页'], ['scancode_push', '扫码推事件'], ['scancode_waitmsg', '扫码带提示'],
  ['pic_sysphoto', '系统拍照发图'], ['pic_photo_or_album', '拍照或相册发图'], ['pic_weixin', '微信相册发图'],
  ['location_select', '发送位置'],
];
const TYPE_NAME = Object.fromEntries(TYPES);
const TOP_BYTES = 16, SUB_BYTES = 60, KEY_BYTES = 128, URL_BYTES = 1024;
const encoder = new TextEncoder();
const bytes = (s) => encoder.encode(s || '').length;

let appid = null;
let menu = [];
const editor = document.getElementById('editor');
const pie = echarts.init(document.getElementById('sharePie'));
const line = echarts.init(document.getElementById('dailyLine'));

function fromWeChat(json) {
  if (!json || !json.button) return [];
  return json.button.map((b) => ({name: b.name || '', type: b.type || 'click', key: b.key || '', url: b.url || '',
    subs: (b.sub_button || []).map((s) => ({name: s.name || '', type: s.type || 'click', key: s.key || '', url: s.url || '', subs: []}))}));
}

function leafJson(b) {
  const o = {type: b.type, name: b.name};
  if (b.type === 'view') o.url = b.url; else o.key = b.key;
  return o;
}

function toWeChat() {
  return {button: menu.map((b) => b.subs.length ? {name: b.name, sub_button: b.subs.map(leafJson)} : leafJson(b))};
}

function counter(value, max) {
  const n = bytes(value);
  return el('span', {class: 'bytes small' + (n > max ? ' over' : ''), text: `${n}/${max} 字节`});
}

function field(label, value, max, onInput, attrs = {}) {
  const count = counter(value, max);
  const input = el('input', {class: 'form-control form-control-sm', value, ...attrs});
  input.addEventListener('input', () => {
    onInput(input.value);
    const fresh = counter(input.value, max);
    count.className = fresh.className;
    count.textContent = fresh.textContent;
  });
  return el('div', {class: 'mb-1'}, el('div', {class: 'd-flex justify-content-between'},
    el('label', {class: 'form-label small mb-0', text: label}), count), input);
}

function actionFields(b, path) {
  const box = el('div');
  const select = el('select', {class: 'form-select form-select-sm mb-1', dataset: {field: 'type', path}},
    ...TYPES.map(([v, t]) => el('option', {value: v, text: `${t}（${v}）`, selected: v === b.type})));
  select.addEventListener('change', () => { b.type = select.value; render(); });
  box.append(el('label', {class: 'form-label small mb-0', text: '类型'}), select);
  if (b.type === 'view') {
    box.append(field('网址（http/https）', b.url, URL_BYTES, (v) => { b.url = v; }, {dataset: {field: 'url', path}, placeholder: 'https://'}));
  } else {
    box.append(field('键值 key', b.key, KEY_BYTES, (v) => { b.key = v; }, {class: 'form-control form-control-sm mono', dataset: {field: 'key', path}}));
  }
  return box;
}

function move(list, i, d) {
  const j = i + d;
  if (j < 0 || j >= list.length) return;
  [list[i], list[j]] = [list[j], list[i]];
  render();
}

function small(text, onclick, attrs = {}) {
  return el('button', {type: 'button', class: 'btn btn-outline-secondary btn-sm py-0', text, onclick, 'data-write': true, ...attrs});
}

function render() {
  editor.replaceChildren(...menu.map((b, i) => {
    const path = `button[${i}]`;
    const card = el('div', {class: 'card menu-card', dataset: {path}});
    const body = el('div', {class: 'card-body p-2'});
    body.append(el('div', {class: 'd-flex gap-1 mb-1 justify-content-end'},
      el('span', {class: 'me-auto small text-secondary', text: `一级菜单 ${i + 1}`}),
      small('←', () => move(menu, i, -1), {'aria-label': '左移'}), small('→', () => move(menu, i, 1), {'aria-label': '右移'}),
      small('删除', () => { menu.splice(i, 1); render(); }, {dataset: {action: 'removeTop'}})));
    body.append(field('名称', b.name, TOP_BYTES, (v) => { b.name = v; }, {dataset: {field: 'name', path}}));
    if (b.subs.length === 0) body.append(actionFields(b, path));
    else body.append(el('div', {class: 'small text-secondary', text: '有子菜单：点击只展开子菜单（不产生事件）'}));
    b.subs.forEach((s, j) => {
      const subPath = `${path}.sub_button[${j}]`;
      body.append(el('div', {class: 'sub', dataset: {path: subPath}},
        el('div', {class: 'd-flex gap-1 justify-content-end'},
          el('span', {class: 'me-auto small text-secondary', text: `子菜单 ${j + 1}`}),
          small('↑', () => move(b.subs, j, -1), {'aria-label': '上移'}), small('↓', () => move(b.subs, j, 1), {'aria-label': '下移'}),
          small('删除', () => { b.subs.splice(j, 1); render(); })),
        field('名称', s.name, SUB_BYTES, (v) => { s.name = v; }, {dataset: {field: 'name', path: subPath}}),
        actionFields(s, subPath)));
    });
    if (b.subs.length < 5) {
      body.append(el('div', {class: 'mt-2'}, small('添加子菜单', () => {
        b.subs.push({name: '', type: 'click', key: '', url: '', subs: []});
        render();
      }, {dataset: {action: 'addSub', path}})));
    }
    card.append(body);
    return el('div', {class: 'col-md-4'}, card);
  }));
  document.getElementById('addTop').disabled = menu.length >= 3;
  if (!canWrite()) editor.querySelectorAll('[data-write]').forEach((n) => n.remove());
}

function showState(s) {
  const parts = [];
  if (s.updatedAt) parts.push(`草稿：${s.updatedBy} ${time(s.updatedAt)}`);
  parts.push(s.publishedAt ? `已发布：${s.publishedBy} ${time(s.publishedAt)}` : '尚未发布');
  if (s.publishedAt) parts.push(s.inSync ? '草稿与微信一致' : '草稿有未发布的修改');
  document.getElementById('draftState').textContent = parts.join(' · ');
}

async function load(id) {
  appid = id;
  document.getElementById('publishResult').replaceChildren();
  const s = await attempt(() => api('GET', `admin/accounts/${encodeURIComponent(id)}/menu`));
  if (!s) return;
  menu = fromWeChat(s.draft || s.published);
  if (!menu.length) menu = [{name: '', type: 'click', key: '', url: '', subs: []}];
  showState(s);
  render();
  await loadStats();
}

document.getElementById('addTop').addEventListener('click', () => {
  if (menu.length < 3) menu.push({name: '', type: 'click', key: '', url: '', subs: []});
  render();
});

document.getElementById('saveDraft').addEventListener('click', async () => {
  const s = await attempt(() => api('PUT', `admin/accounts/${encodeURIComponent(appid)}/menu`, toWeChat()), '草稿已保存');
  if (s) showState(s);
});

document.getElementById('publish').addEventListener('click', async () => {
  const saved = await attempt(() => api('PUT', `admin/accounts/${encodeURIComponent(appid)}/menu`, toWeChat()));
  if (!saved) return;
  const p = await attempt(() => api('POST', `admin/accounts/${encodeURIComponent(appid)}/menu/publish`));
  const box = document.getElementById('publishResult');
  if (!p) return;
  box.replaceChildren(el('div', {class: 'alert py-2 ' + (p.equal ? 'alert-success' : 'alert-warning'), id: 'readBack',
    dataset: {equal: String(p.equal)}},
  el('div', {text: p.equal ? '已发布。从微信读回的菜单与草稿一致。' : '已发布，但从微信读回的菜单与草稿不一致：'}),
  p.equal ? null : el('pre', {class: 'mono small mb-0', text: JSON.stringify(p.wechat, null, 2)})));
  notify('菜单已发布到微信');
  const s = await attempt(() => api('GET', `admin/accounts/${encodeURIComponent(appid)}/menu`));
  if (s) showState(s);
  await loadStats();
});

// statistics: the last 7 days (Beijing time) unless chosen
const beijingDay = (d) => new Intl.DateTimeFormat('sv-SE', {timeZone: 'Asia/Shanghai'}).format(d);
const fromInput = document.getElementById('from');
const toInput = document.getElementById('to');
toInput.value = beijingDay(new Date());
fromInput.value = beijingDay(new Date(Date.now() - 6 * 86400000));
document.getElementById('statsForm').addEventListener('submit', (e) => { e.preventDefault(); loadStats(); });

async function loadStats() {
  if (!appid) return;
  const q = new URLSearchParams({from: fromInput.value, to: toInput.value});
  const s = await attempt(() => api('GET', `admin/accounts/${encodeURIComponent(appid)}/menu/stats?${q}`));
  if (!s) return;
  document.getElementById('statsSource').textContent =
    {published: '按已发布的菜单统计', draft: '菜单尚未发布：按草稿统计', none: '还没有菜单'}[s.source] || '';
  const countable = s.buttons.filter((b) => b.countable);
  pie.setOption({
    animation: false,
    tooltip: {trigger: 'item', formatter: '{b}: {c} 次 ({d}%)'},
    title: countable.some((b) => b.total > 0) ? undefined
      : {text: '这段时间没有点击', left: 'center', top: 'middle', textStyle: {fontSize: 14, color: '#999'}},
    series: [{type: 'pie', radius: ['35%', '65%'], data: countable.map((b) => ({name: b.name, value: b.total})),
      label: {formatter: '{b}: {c}'}}],
  }, true);
  line.setOption({
    animation: false,
    tooltip: {trigger: 'axis'},
    legend: {type: 'scroll', top: 0},
    grid: {left: 40, right: 16, top: 36, bottom: 28},
    xAxis: {type: 'category', data: s.days},
    yAxis: {type: 'value', minInterval: 1},
    series: countable.map((b) => ({name: b.name, type: 'line', data: b.daily})),
  }, true);
  document.querySelector('#statsTable tbody').replaceChildren(...s.buttons.map((b) => el('tr', {dataset: {path: b.path}},
    el('td', {text: b.name}),
    el('td', {text: b.type ? TYPE_NAME[b.type] || b.type : '子菜单'}),
    el('td', {class: 'mono small text-break', text: b.key || ''}),
    el('td', {class: 'text-end total', text: b.countable ? String(b.total) : '—'}),
    el('td', {class: 'text-end', text: b.countable ? (b.share * 100).toFixed(1) + '%' : '—'}),
    el('td', {}, b.idle ? el('span', {class: 'badge text-bg-warning', text: '建议合并'})
      : !b.countable ? el('span', {class: 'badge text-bg-secondary', text: '不可统计'}) : null))));
}

window.addEventListener('resize', () => { pie.resize(); line.resize(); });
await accountPicker(document.getElementById('account'), load);
