// Activities: list, edit a draft (images uploaded as the account's permanent images), preview in a
// phone-sized frame (the subscriber's own page, fed by the admin's preview call), publish, end, the entry
// URL (copy, or add as a keyword reply) and the participation records. Text only ever goes in as text.
import {accountPicker, api, attempt, beijingInput, boot, buttons, canWrite, el, notify, rowButton, time} from './app.js';

await boot('activities');

const MODULES = {LOTTERY: '抽奖', SHAKE: '摇一摇', REDPACKET_SQUARE: '红包广场'};
const STATES = {DRAFT: '草稿', PUBLISHED: '已发布', ENDED: '已结束'};
const PHASES = {DRAFT: '草稿', NOT_STARTED: '未开始', OPEN: '进行中', ENDED: '已结束'};
const OUTCOMES = {WON: '中奖', LOST: '未中奖', VISITED: '访问'};
const AUDIENCES = {ALL: '全部', BOUND: '已绑定', TAG: '按标签'};
const HINTS = {
  ALL: '所有打开页面的关注用户都可参加。',
  BOUND: '只有绑定了手机号的用户可参加，未绑定的用户会被引导去绑定。',
  TAG: '只有带所选微信用户标签的用户可参加：用户参加时向微信查询其标签（结果保留 1 分钟）；微信暂时不可用时请用户稍后再试。',
};
// who may take part, as text (a tag's name is the operator's own text: always put in as text)
const audienceText = (a) => a.audience === 'TAG' ? `标签：${a.tagName || a.tagId}` : AUDIENCES[a.audience] || a.audience;
const $ = (id) => document.getElementById(id);

let appid = null;
let current = null; // the activity being edited (null: a new one)
let images = [];

const list = new Tabulator($('list'), {
  layout: 'fitColumns', placeholder: '还没有活动', data: [], index: 'id',
  columns: [
    {title: 'ID', field: 'id', width: 70},
    {title: '标题', field: 'title', formatter: 'plaintext'},
    {title: '模块', field: 'module', width: 100, formatter: (c) => MODULES[c.getValue()] || c.getValue()},
    {title: '参与范围', field: 'audience', width: 150, formatter: (c) => el('span', {text: audienceText(c.getRow().getData())})},
    {title: '状态', field: 'state', width: 90, formatter: (c) => STATES[c.getValue()] || c.getValue()},
    {title: '当前', field: 'phase', width: 90, formatter: (c) => PHASES[c.getValue()] || c.getValue()},
    {title: '开始', field: 'startsAt', width: 160, formatter: (c) => time(c.getValue())},
    {title: '结束', field: 'endsAt', width: 160, formatter: (c) => time(c.getValue())},
    {title: '', field: 'id', width: 90, headerSort: false,
      formatter: buttons((row) => [rowButton('打开', 'outline-primary', () => open(row.id), {dataset: {open: row.id}})])},
  ],
});

const recordColumns = [
  {title: '时间', field: 'at', width: 160, formatter: (c) => time(c.getValue())},
  {title: '活动', field: 'activity', formatter: 'plaintext'},
  {title: 'OpenID', field: 'openid', cssClass: 'mono', formatter: 'plaintext'},
  {title: '手机号', field: 'phone', width: 120, formatter: 'plaintext'},
  {title: '结果', field: 'outcome', width: 80, formatter: (c) => OUTCOMES[c.getValue()] || c.getValue()},
  {title: '奖品', field: 'prize', formatter: 'plaintext'},
];
const records = new Tabulator($('records'), {layout: 'fitColumns', placeholder: '没有记录', data: [], columns: recordColumns});
const lookupTable = new Tabulator($('lookupResult'), {layout: 'fitColumns', placeholder: '没有记录', data: [], columns: recordColumns});

async function reload() {
  const out = await attempt(() => api('GET', `admin/accounts/${encodeURIComponent(appid)}/activities`));
  if (out) list.replaceData(out.rows);
}

function prizeRow(p = {name: '', stock: 10, chanceBp: 1000}) {
  const row = el('div', {class: 'row g-1 mb-1 prize-row'},
    el('div', {class: 'col-5'}, el('input', {class: 'form-control form-control-sm', placeholder: '奖品名称', maxlength: 32, value: p.name, dataset: {f: 'name'}})),
    el('div', {class: 'col-3'}, el('input', {class: 'form-control form-control-sm', type: 'number', min: 0, placeholder: '数量', value: p.stock, dataset: {f: 'stock'}})),
    el('div', {class: 'col-3'}, el('input', {class: 'form-control form-control-sm', type: 'number', min: 0, max: 10000, placeholder: '概率(万分之)', value: p.chanceBp, dataset: {f: 'chanceBp'}})),
    el('div', {class: 'col-1'}, el('button', {type: 'button', class: 'btn btn-outline-danger btn-sm', text: '×', onclick: () => row.remove(), 'data-write': true})));
  if (p.remaining !== undefined) row.title = `剩余 ${p.remaining}`;
  $('prizes').append(row);
}

function showImages() {
  $('images').replaceChildren(...images.map((src, i) => el('div', {class: 'text-center'},
    el('img', {src, class: 'preview-image d-block', alt: ''}),
    canWrite() && (!current || current.state === 'DRAFT')
      ? el('button', {type: 'button', class: 'btn btn-link btn-sm p-0', text: '移除', onclick: () => { images.splice(i, 1); showImages(); }})
      : null)));
}

function fill(a) {
  current = a;
  $('editorArea').hidden = false;
  $('formTitle').textContent = a ? `活动 ${a.id}：${a.title}` : '新建活动';
  $('title').value = a ? a.title : '';
  $('body').value = a ? a.body : '';
  $('module').value = a ? a.module : 'LOTTERY';
  $('audience').value = a ? a.audience : 'ALL';
  audienceVisibility(a);
  const now = new Date();
  $('startsAt').value = beijingInput(a ? new Date(a.startsAt) : now);
  $('endsAt').value = beijingInput(a ? new Date(a.endsAt) : new Date(now.getTime() + 7 * 86400000));
  images = a ? [...a.images] : [];
  showImages();
  $('prizes').replaceChildren();
  (a ? a.prizes : [{name: '1GB流量', stock: 10, chanceBp: 1000}, {name: '100MB流量', stock: 100, chanceBp: 3000}]).forEach(prizeRow);
  prizeVisibility();
  const draft = !a || a.state === 'DRAFT';
  $('state').textContent = a ? `${STATES[a.state]} · ${PHASES[a.phase]}` : '未保存';
  document.querySelectorAll('#form input, #form textarea, #form select').forEach((n) => {
    if (n.id !== 'entryUrl' && n.id !== 'keyword') n.disabled = !draft || !canWrite();
  });
  if ($('save')) $('save').disabled = !draft;
  if ($('publish')) $('publish').disabled = !a || a.state !== 'DRAFT';
  if ($('end')) $('end').disabled = !a || a.state !== 'PUBLISHED';
  $('preview').disabled = !a;
  $('entryArea').hidden = !a || a.state === 'DRAFT';
  $('entryUrl').value = a ? a.entryUrl : '';
  if (a) {
    showPreview();
    attempt(() => api('GET', `admin/accounts/${encodeURIComponent(appid)}/activities/${a.id}/records`))
      .then((r) => r && records.replaceData(r.rows));
  } else {
    $('phone').removeAttribute('src');
    records.replaceData([]);
  }
}

// the tag select, filled from the account's tags at WeChat; the activity's own tag stays listed if WeChat
// no longer has it (so the form shows what was chosen)
let tagsLoaded = null;
async function loadTags(chosen) {
  const select = $('tag');
  if (tagsLoaded !== appid) {
    const out = await attempt(() => api('GET', `admin/accounts/${encodeURIComponent(appid)}/activities/tags`));
    if (!out) return;
    select.replaceChildren(el('option', {value: '', text: '请选择标签'}),
      ...out.tags.map((t) => el('option', {value: String(t.id), text: `${t.name}（${t.count} 人）`})));
    tagsLoaded = appid;
  }
  [...select.querySelectorAll('[data-gone]')].forEach((o) => o.remove());
  if (chosen && !select.querySelector(`option[value="${chosen.tagId}"]`)) {
    select.append(el('option', {value: String(chosen.tagId), text: `${chosen.tagName}（微信已无此标签）`, dataset: {gone: '1'}}));
  }
  select.value = chosen ? String(chosen.tagId) : '';
}

function audienceVisibility(a) {
  const tag = $('audience').value === 'TAG';
  $('tagArea').hidden = !tag;
  $('audienceHint').textContent = HINTS[$('audience').value] || '';
  if (tag) loadTags(a && a.audience === 'TAG' ? a : null);
}

function prizeVisibility() {
  $('prizeArea').hidden = $('module').value === 'REDPACKET_SQUARE';
}

function showPreview() {
  if (!current) return;
  $('phone').src = `../h5/activity.html?preview=1&appid=${encodeURIComponent(appid)}&id=${current.id}&t=${Date.now()}`;
}

async function open(id) {
  const a = await attempt(() => api('GET', `admin/accounts/${encodeURIComponent(appid)}/activities/${id}`));
  if (a) fill(a);
}

function iso(local) {
  // the inputs are Beijing time
  return local ? `${local}:00+08:00` : null;
}

function input() {
  const prizes = $('module').value === 'REDPACKET_SQUARE' ? [] : [...$('prizes').children].map((r) => ({
    name: r.querySelector('[data-f=name]').value,
    stock: Number(r.querySelector('[data-f=stock]').value),
    chanceBp: Number(r.querySelector('[data-f=chanceBp]').value),
  }));
  const out = {title: $('title').value, body: $('body').value, images, module: $('module').value, audience: $('audience').value,
    startsAt: iso($('startsAt').value), endsAt: iso($('endsAt').value), prizes};
  if (out.audience === 'TAG' && $('tag').value !== '') out.tagId = Number($('tag').value);
  return out;
}

$('module').addEventListener('change', prizeVisibility);
$('audience').addEventListener('change', () => audienceVisibility(current && current.audience === 'TAG' ? current : null));
$('newActivity')?.addEventListener('click', () => fill(null));
$('addPrize')?.addEventListener('click', () => prizeRow());
$('upload')?.addEventListener('click', async () => {
  const file = $('image').files[0];
  if (!file) { notify('请选择图片文件', 'warning'); return; }
  const form = new FormData();
  form.append('file', file, file.name);
  const out = await attempt(() => api('POST', `admin/accounts/${encodeURIComponent(appid)}/images`, form), '图片已上传');
  if (out && out.url) { images.push(out.url); showImages(); $('image').value = ''; }
});
$('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const path = `admin/accounts/${encodeURIComponent(appid)}/activities`;
  const saved = await attempt(() => current ? api('PUT', `${path}/${current.id}`, input()) : api('POST', path, input()), '草稿已保存');
  if (saved) { fill(saved); reload(); }
});
$('preview').addEventListener('click', showPreview);
$('publish')?.addEventListener('click', async () => {
  if (!current || !confirm(`发布「${current.title}」？发布后内容不能再修改。`)) return;
  const a = await attempt(() => api('POST', `admin/accounts/${encodeURIComponent(appid)}/activities/${current.id}/publish`), '已发布');
  if (a) { fill(a); reload(); }
});
$('end')?.addEventListener('click', async () => {
  if (!current || !confirm(`结束「${current.title}」？结束后用户不能再参加。`)) return;
  const a = await attempt(() => api('POST', `admin/accounts/${encodeURIComponent(appid)}/activities/${current.id}/end`), '已结束');
  if (a) { fill(a); reload(); }
});
$('copy').addEventListener('click', async () => {
  $('entryUrl').select();
  try { await navigator.clipboard.writeText($('entryUrl').value); notify('已复制入口链接'); } catch (e) { notify('请手动复制（Ctrl+C）', 'info'); }
});
$('addKeyword')?.addEventListener('click', async () => {
  if (!current) return;
  const out = await attempt(() => api('POST', `admin/accounts/${encodeURIComponent(appid)}/activities/${current.id}/keyword`,
    {keyword: $('keyword').value}));
  if (out) notify(`已添加关键词回复「${out.keyword}」：用户发送它会收到活动图文`);
});
// the entry URL as a "view" button of the menu's draft (a top button while there is room, else a sub-button
// of the first top button with fewer than 5); the operator publishes the draft on the menu page
const encoder = new TextEncoder();
function cut(text, maxBytes) {
  let out = '';
  for (const ch of text) {
    if (encoder.encode(out + ch).length > maxBytes) break;
    out += ch;
  }
  return out;
}
$('addMenu')?.addEventListener('click', async () => {
  if (!current) return;
  const path = `admin/accounts/${encodeURIComponent(appid)}/menu`;
  const now = await attempt(() => api('GET', path));
  if (!now) return;
  const menu = JSON.parse(JSON.stringify(now.draft || now.published || {button: []}));
  menu.button = menu.button || [];
  const url = current.entryUrl;
  if (menu.button.some((b) => b.url === url || (b.sub_button || []).some((s) => s.url === url))) {
    notify('菜单草稿里已有这个活动的入口', 'info');
    return;
  }
  let where;
  if (menu.button.length < 3) {
    menu.button.push({type: 'view', name: cut(current.title, 16), url});
    where = '一级菜单';
  } else {
    const top = menu.button.find((b) => b.sub_button && b.sub_button.length > 0 && b.sub_button.length < 5);
    if (!top) { notify('菜单已满（3 个一级菜单，子菜单都已 5 个）：请在「菜单」页调整', 'warning'); return; }
    top.sub_button.push({type: 'view', name: cut(current.title, 60), url});
    where = `「${top.name}」的子菜单`;
  }
  const saved = await attempt(() => api('PUT', path, menu));
  if (saved) notify(`已加入菜单草稿（${where}），请到「菜单」页发布到微信`);
});
$('lookupForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = new URLSearchParams();
  if ($('lookupOpenid').value.trim()) q.set('openid', $('lookupOpenid').value.trim());
  else q.set('phone', $('lookupPhone').value.trim());
  const out = await attempt(() => api('GET', `admin/accounts/${encodeURIComponent(appid)}/activities/records?${q}`));
  if (out) lookupTable.replaceData(out.rows);
});

await accountPicker($('account'), (v) => { appid = v; tagsLoaded = null; $('editorArea').hidden = true; reload(); });
