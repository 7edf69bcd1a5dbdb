import {PagedTable, accountPicker, api, attempt, boot, buttons, canWrite, el, notify, query, rowButton, time} from './app.js';

await boot('replies');
let appid = null;
const modal = new bootstrap.Modal(document.getElementById('entryModal'));
const form = document.getElementById('entryForm');
let editing = null;

function summary(contents) {
  return contents.map((c) => c.type === 'text' ? c.text
    : c.type === 'news' ? `【图文】${c.articles.map((a) => a.title).join(' / ')}` : `【图片】${c.mediaId}`).join(' ｜ ');
}

const entries = new PagedTable(document.getElementById('entries'), [
  {title: '关键词', field: 'keyword', width: 180},
  {title: '匹配', field: 'match', width: 90, formatter: (c) => c.getValue() === 'equals' ? '完全一致' : '包含'},
  {title: '回复', field: 'contents', formatter: (c) => el('span', {text: summary(c.getValue())})},
  {title: '状态', field: 'hidden', width: 80, formatter: (c) => el('span',
    {class: c.getValue() ? 'badge text-bg-secondary' : 'badge text-bg-success', text: c.getValue() ? '已隐藏' : '生效'})},
  {title: '更新时间', field: 'updatedAt', width: 160, formatter: (c) => time(c.getValue())},
  {title: '操作', field: 'id', headerSort: false, width: 190, visible: canWrite(), formatter: buttons((e) => [
    rowButton('编辑', 'outline-primary', () => open(e), {dataset: {action: 'edit'}}),
    rowButton(e.hidden ? '显示' : '隐藏', 'outline-secondary', () => toggle(e), {dataset: {action: e.hidden ? 'show' : 'hide'}}),
    rowButton('删除', 'outline-danger', () => remove(e), {dataset: {action: 'delete'}}),
  ])},
], {limit: 20});
// the keyword filter runs on the server, a moment after the operator stops typing
let typing;
document.getElementById('filter').addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(reload, 300);
});

const base = () => `admin/accounts/${encodeURIComponent(appid)}`;

async function reload() {
  const q = query({q: document.getElementById('filter').value});
  document.getElementById('repliesCsv').href = `../api/${base()}/autoreplies.csv`;
  await entries.load(base() + '/autoreplies/page' + (q ? '?' + q : ''));
}

async function loadWelcome() {
  const w = await attempt(() => api('GET', base() + '/welcome'));
  const box = document.getElementById('welcomeContents');
  box.replaceChildren();
  if (w) for (const c of w.contents) addContent(box, c);
  if (!box.children.length) box.append(el('p', {class: 'text-secondary small empty', text: '未设置欢迎语。'}));
  const m = await attempt(() => api('GET', base() + '/miss-hint'));
  if (m) {
    document.getElementById('missHint').value = m.text;
    document.getElementById('missState').textContent = m.custom ? '当前为本公众号自定义的提示。' : '当前为默认提示。';
  }
}

// ---------------------------------------------------------------------------------- content editors
function addContent(box, content = {type: 'text', text: ''}) {
  box.querySelector('.empty')?.remove();
  const node = document.getElementById('contentTemplate').content.firstElementChild.cloneNode(true);
  const type = node.querySelector('.content-type');
  const show = () => node.querySelectorAll('.part').forEach((p) => p.classList.toggle('d-none', !p.classList.contains('part-' + type.value)));
  type.value = content.type;
  type.addEventListener('change', () => {
    show();
    if (type.value === 'news' && !node.querySelector('.article')) addArticle(node, {});
  });
  node.querySelector('.content-text').value = content.text || '';
  for (const a of content.articles || []) addArticle(node, a);
  node.querySelector('.content-media').value = content.mediaId || '';
  node.querySelector('.add-article').addEventListener('click', () => addArticle(node, {}));
  node.querySelector('.remove-content').addEventListener('click', () => node.remove());
  node.querySelector('.content-file').addEventListener('change', (e) => upload(node, e.target));
  if (!canWrite()) node.querySelectorAll('input, textarea, select, button').forEach((i) => { i.disabled = true; });
  show();
  box.append(node);
}

function addArticle(node, a) {
  const articles = node.querySelector('.articles');
  if (articles.children.length >= 8) { notify('一条图文消息最多 8 篇文章', 'warning'); return; }
  const row = document.getElementById('articleTemplate').content.firstElementChild.cloneNode(true);
  row.querySelector('.article-title').value = a.title || '';
  row.querySelector('.article-description').value = a.description || '';
  row.querySelector('.article-pic').value = a.picUrl || '';
  row.querySelector('.article-url').value = a.url || '';
  row.querySelector('.remove-article').addEventListener('click', () => row.remove());
  articles.append(row);
}

async function upload(node, input) {
  const file = input.files[0];
  if (!file) return;
  if (file.size > 10 * 1024 * 1024) { notify('图片不能超过 10 MB', 'danger'); input.value = ''; return; }
  const data = new FormData();
  data.append('file', file, file.name);
  const r = await attempt(() => api('POST', base() + '/images', data), '图片已上传到微信');
  if (r) {
    node.querySelector('.content-media').value = r.mediaId;
    const img = node.querySelector('.preview-image');
    img.src = r.url;
    img.classList.remove('d-none');
  }
}

function readContents(box) {
  return [...box.querySelectorAll('.content-editor')].map((node) => {
    const type = node.querySelector('.content-type').value;
    if (type === 'text') return {type, text: node.querySelector('.content-text').value};
    if (type === 'image') return {type, mediaId: node.querySelector('.content-media').value.trim()};
    return {type, articles: [...node.querySelectorAll('.article')].map((a) => ({
      title: a.querySelector('.article-title').value,
      description: a.querySelector('.article-description').value || null,
      picUrl: a.querySelector('.article-pic').value.trim() || null,
      url: a.querySelector('.article-url').value.trim() || null,
    }))};
  });
}

// ---------------------------------------------------------------------------------- entries
function open(entry) {
  editing = entry;
  form.reset();
  document.getElementById('entryError').textContent = '';
  document.getElementById('entryTitle').textContent = entry ? '修改关键词回复' : '新建关键词回复';
  const box = document.getElementById('entryContents');
  box.replaceChildren();
  if (entry) {
    form.keyword.value = entry.keyword;
    form.match.value = entry.match;
    for (const c of entry.contents) addContent(box, c);
  } else {
    addContent(box);
  }
  modal.show();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = {keyword: form.keyword.value, match: form.match.value, contents: readContents(document.getElementById('entryContents'))};
  try {
    await api(editing ? 'PUT' : 'POST', base() + '/autoreplies' + (editing ? '/' + editing.id : ''), body);
    modal.hide();
    notify(editing ? '已保存' : `已创建关键词「${body.keyword}」`);
    reload();
  } catch (err) {
    document.getElementById('entryError').textContent = err.message;
  }
});

async function toggle(entry) {
  const done = await attempt(() => api('POST', `${base()}/autoreplies/${entry.id}/${entry.hidden ? 'show' : 'hide'}`),
    entry.hidden ? `「${entry.keyword}」已显示` : `「${entry.keyword}」已隐藏`);
  if (done) entries.reload();
}

async function remove(entry) {
  if (!confirm(`删除关键词「${entry.keyword}」？`)) return;
  if (await attempt(() => api('DELETE', `${base()}/autoreplies/${entry.id}`), '已删除') !== undefined) entries.reload();
}

for (const [id, action, text] of [['hideAll', 'hide-all', '全部隐藏'], ['showAll', 'show-all', '全部显示']]) {
  document.getElementById(id)?.addEventListener('click', async () => {
    const r = await attempt(() => api('POST', `${base()}/autoreplies/${action}`));
    if (r) { notify(`${text}：${r.changed} 条`); reload(); }
  });
}
document.getElementById('newEntry')?.addEventListener('click', () => open(null));
document.querySelectorAll('[data-add]').forEach((b) => b.addEventListener('click', () =>
  addContent(document.getElementById(b.dataset.add === 'welcome' ? 'welcomeContents' : 'entryContents'))));
document.getElementById('saveWelcome')?.addEventListener('click', async () => {
  const contents = readContents(document.getElementById('welcomeContents'));
  if (await attempt(() => api('PUT', base() + '/welcome', {contents}), contents.length ? '欢迎语已保存' : '欢迎语已删除')) loadWelcome();
});
document.getElementById('saveMiss')?.addEventListener('click', async () => {
  if (await attempt(() => api('PUT', base() + '/miss-hint', {text: document.getElementById('missHint').value}), '提示已保存')) loadWelcome();
});

await accountPicker(document.getElementById('account'), (value) => {
  appid = value;
  reload();
  loadWelcome();
});

// ?keyword=... (the 「加入关键词库」 of the customer-service statistics): a new entry with that keyword
const wanted = (new URLSearchParams(location.search).get('keyword') || '').trim();
if (wanted && appid) {
  if (canWrite()) {
    open(null);
    form.keyword.value = wanted.slice(0, 60);
    form.match.value = 'contains';
  } else {
    notify(`只有超级管理员可以新建关键词「${wanted}」`, 'warning');
  }
}
