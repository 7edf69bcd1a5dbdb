import {accountPicker, api, attempt, boot, buttons, canWrite, el, notify, rowButton, session, time} from './app.js';

await boot('pushes');
const account = document.getElementById('account');
const templateSelect = document.getElementById('template');
const fields = document.getElementById('fields');
const form = document.getElementById('draft');
let templates = [];
let maxFileBytes = 120 * 1024 * 1024;

const STATES = {READY: '待开始', RUNNING: '发送中', PAUSED: '已暂停', CANCELLED: '已取消', FINISHED: '已完成'};

const table = new Tabulator('#pushes', {
  layout: 'fitColumns',
  placeholder: '还没有推送',
  index: 'id',
  columns: [
    {title: '#', field: 'id', width: 60},
    {title: '状态', field: 'state', width: 90, formatter: (c) => {
      const p = c.getRow().getData();
      return el('span', {class: 'badge text-bg-' + ({RUNNING: 'primary', PAUSED: 'warning', FINISHED: 'success', CANCELLED: 'secondary'}[p.state] || 'light'),
        text: STATES[p.state] || p.state, title: p.pauseReason || ''});
    }},
    {title: '模板', field: 'templateId', width: 150, cssClass: 'mono'},
    {title: '文件', field: 'fileName', width: 130, formatter: 'plaintext'},
    {title: '行数/无效/重复/未绑定', field: 'lines', width: 170, formatter: (c) => {
      const p = c.getRow().getData();
      return el('span', {class: 'figure', text: `${p.lines} / ${p.invalid} / ${p.duplicates} / ${p.unbound}`});
    }},
    {title: '进度（已发/失败/待发）', field: 'sent', minWidth: 220, formatter: (c) => {
      const p = c.getRow().getData();
      const done = p.sent + p.failed + p.cancelled;
      const pct = p.targets ? Math.round(done * 100 / p.targets) : 100;
      return el('div', {},
        el('div', {class: 'progress', style: 'height: 8px', role: 'progressbar', 'aria-valuenow': String(pct), 'aria-valuemin': '0', 'aria-valuemax': '100'},
          el('div', {class: 'progress-bar', style: `width: ${pct}%`})),
        el('span', {class: 'small figure', text: `${p.sent} / ${p.failed} / ${p.pending + p.inDoubt}（共 ${p.targets}）`}));
    }},
    {title: '速率', field: 'currentRate', width: 110, formatter: (c) => {
      const p = c.getRow().getData();
      return el('span', {class: 'small figure', text: p.state === 'RUNNING'
        ? `${p.currentRate.toFixed(1)}/s` + (p.secondsLeft != null ? `，约 ${p.secondsLeft}s` : '') : `${p.rate}/s`});
    }},
    {title: '回执（送达/拒收/失败/未回）', field: 'delivered', width: 200, formatter: (c) => {
      const p = c.getRow().getData();
      return el('span', {class: 'small figure', text: `${p.delivered} / ${p.blocked} / ${p.receiptFailed} / ${p.awaitingReceipt}`,
        title: Object.entries(p.receipts || {}).map(([k, v]) => `${k}: ${v}`).join('\n')});
    }},
    {title: '创建', field: 'createdMs', width: 150, formatter: (c) => time(new Date(c.getValue()).toISOString())},
    {title: '操作', field: 'id', headerSort: false, width: 250, formatter: buttons((p) => [
      canWrite() && p.state === 'READY' && rowButton('开始', 'wx', () => act(p.id, 'start'), {dataset: {action: 'start'}}),
      canWrite() && p.state === 'RUNNING' && rowButton('暂停', 'outline-warning', () => act(p.id, 'pause'), {dataset: {action: 'pause'}}),
      canWrite() && p.state === 'PAUSED' && rowButton('继续', 'outline-primary', () => act(p.id, 'resume'), {dataset: {action: 'resume'}}),
      canWrite() && ['READY', 'RUNNING', 'PAUSED'].includes(p.state) && rowButton('取消', 'outline-danger', () => act(p.id, 'cancel'), {dataset: {action: 'cancel'}}),
      el('a', {class: 'btn btn-outline-secondary btn-sm py-0', href: `../api/admin/pushes/${p.id}/rejected.csv`, text: '未发号码'}),
      el('a', {class: 'btn btn-outline-secondary btn-sm py-0', href: `../api/admin/pushes/${p.id}/failures.csv`, text: '失败 CSV'}),
    ])},
  ],
});

async function act(id, action) {
  const p = await attempt(() => api('POST', `admin/pushes/${id}/${action}`));
  if (p) {
    notify({start: '已开始', pause: '已暂停', resume: '已继续', cancel: '已取消'}[action]);
    refresh();
  }
}

async function refresh() {
  if (!account.value) return;
  const rows = await api('GET', `admin/pushes?appid=${encodeURIComponent(account.value)}&limit=50`).catch(() => null);
  if (rows) table.replaceData(rows);
}

async function loadQuota() {
  const q = await api('GET', `admin/pushes/quota?appid=${encodeURIComponent(account.value)}`).catch((e) => ({error: e.message}));
  if (q.maxFileBytes) maxFileBytes = q.maxFileBytes;
  document.getElementById('quota').textContent = q.error
    ? `今日模板消息额度：读取失败（${q.error}）`
    : `今日模板消息额度：上限 ${q.dailyLimit}，已用 ${q.used}，剩余 ${q.remain}`;
}

function drawTemplates() {
  templateSelect.replaceChildren(...templates.map((t) => el('option', {value: t.templateId, text: `${t.title}（${t.templateId}）`})));
  drawFields();
}

function current() {
  return templates.find((t) => t.templateId === templateSelect.value);
}

function drawFields() {
  const t = current();
  fields.replaceChildren();
  if (!t) { drawPreview(); return; }
  const row = el('div', {class: 'row g-2'});
  for (const key of t.keys) {
    const input = el('input', {class: 'form-control form-control-sm', id: 'f_' + key, name: key, maxlength: '200',
      placeholder: '留空则由文件的列提供'});
    input.addEventListener('input', drawPreview);
    row.append(el('div', {class: 'col-md-6'}, el('label', {class: 'form-label small mb-0 mono', for: 'f_' + key, text: key}), input));
  }
  fields.append(row);
  drawPreview();
}

function values() {
  const out = {};
  for (const input of fields.querySelectorAll('input')) if (input.value.trim()) out[input.name] = input.value.trim();
  return out;
}

function drawPreview() {
  const t = current();
  document.getElementById('previewTitle').textContent = t ? t.title : '—';
  const v = values();
  document.getElementById('previewText').textContent = t
    ? t.content.replace(/\{\{\s*([A-Za-z0-9_]+)(\.DATA)?\s*\}\}/g, (m, key) => v[key] || `〔${key}〕`) : '';
}

async function loadTemplates() {
  templates = await attempt(() => api('GET', `admin/pushes/templates?appid=${encodeURIComponent(account.value)}`)) || [];
  drawTemplates();
}

document.getElementById('sync').addEventListener('click', async () => {
  const t = await attempt(() => api('POST', `admin/pushes/templates/sync?appid=${encodeURIComponent(account.value)}`));
  if (t) { templates = t; drawTemplates(); notify(`已同步 ${t.length} 个模板`); }
});
templateSelect.addEventListener('change', drawFields);

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const file = document.getElementById('file').files[0];
  const t = current();
  if (!file || !t) { notify('请选择模板和号码文件', 'warning'); return; }
  if (file.size > maxFileBytes) {
    notify(`文件 ${file.name} 有 ${Math.round(file.size / 1048576)} MB，超过 ${Math.round(maxFileBytes / 1048576)} MB 的上限：请拆分后上传`, 'danger');
    return;
  }
  const v = values();
  const columns = t.keys.filter((k) => !v[k]);
  const q = new URLSearchParams({appid: account.value, templateId: t.templateId, data: JSON.stringify(v),
    columns: columns.join(','), rate: document.getElementById('rate').value, fileName: file.name});
  for (const name of ['url', 'mpAppid', 'mpPage', 'mailTo']) {
    const value = document.getElementById(name).value.trim();
    if (value) q.set(name, value);
  }
  const bar = document.getElementById('uploadProgress');
  const inner = bar.firstElementChild;
  bar.classList.remove('d-none');
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '../api/admin/pushes?' + q.toString());
  xhr.setRequestHeader('Content-Type', 'text/csv');
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.setRequestHeader('X-WXP-CSRF', session.me.csrf);
  xhr.upload.onprogress = (ev) => {
    if (!ev.lengthComputable) return;
    const pct = Math.round(ev.loaded * 100 / ev.total);
    inner.style.width = pct + '%';
    inner.textContent = pct + '%';
    bar.setAttribute('aria-valuenow', String(pct));
  };
  xhr.onload = () => {
    let data = null;
    try { data = JSON.parse(xhr.responseText); } catch (err) { data = {error: xhr.responseText}; }
    if (xhr.status === 201) {
      notify(`推送 #${data.id} 已生成：${data.targets} 个已绑定号码（无效 ${data.invalid}，重复 ${data.duplicates}，未绑定 ${data.unbound}）`);
      form.reset();
      drawFields();
      refresh();
    } else {
      notify('上传被拒绝：' + (data && data.error ? data.error : 'HTTP ' + xhr.status), 'danger');
    }
    bar.classList.add('d-none');
  };
  xhr.onerror = () => { notify('上传失败：连接中断', 'danger'); bar.classList.add('d-none'); };
  xhr.send(file);
});

await accountPicker(account, () => { loadTemplates(); loadQuota(); refresh(); });
setInterval(refresh, 2000);
