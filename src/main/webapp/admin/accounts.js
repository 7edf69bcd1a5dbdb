import {api, attempt, boot, buttons, canWrite, el, formValues, notify, rowButton, time} from './app.js';

const modeName = {plain: '明文', compat: '兼容', compatible: '兼容', safe: '安全'};

await boot('accounts');
const modal = new bootstrap.Modal(document.getElementById('accountModal'));
const form = document.getElementById('accountForm');
let editing = null;

const table = new Tabulator('#accounts', {
  layout: 'fitColumns',
  placeholder: '还没有公众号',
  index: 'appid',
  columns: [
    {title: 'AppID', field: 'appid', cssClass: 'mono', minWidth: 170},
    {title: '名称', field: 'name', minWidth: 120},
    {title: '模式', field: 'mode', formatter: (c) => modeName[c.getValue()] || c.getValue(), width: 80},
    {title: 'AppSecret', field: 'secret', cssClass: 'mono'},
    {title: 'EncodingAESKey', field: 'aesKey', cssClass: 'mono'},
    {title: '回调地址', field: 'callbackUrl', cssClass: 'mono', minWidth: 260},
    {title: '更新时间', field: 'updatedAt', formatter: (c) => time(c.getValue()), width: 160},
    {title: '操作', field: 'appid', headerSort: false, width: 230, formatter: buttons((a) => [
      el('a', {class: 'btn btn-outline-secondary btn-sm py-0', href: `replies.html?appid=${encodeURIComponent(a.appid)}`, text: '自动回复'}),
      canWrite() && rowButton('编辑', 'outline-primary', () => open(a), {dataset: {action: 'edit'}}),
      canWrite() && rowButton('删除', 'outline-danger', () => remove(a), {dataset: {action: 'delete'}}),
    ])},
  ],
});

async function reload() {
  const list = await attempt(() => api('GET', 'admin/accounts'));
  if (list) await table.replaceData(list);
}

function open(account) {
  editing = account;
  form.reset();
  document.getElementById('accountError').textContent = '';
  document.getElementById('accountTitle').textContent = account ? '修改公众号' : '新建公众号';
  form.appid.readOnly = !!account;
  for (const f of ['secret', 'token', 'aesKey']) form[f].placeholder = account ? `不变（${account[f] || '无'}）` : '';
  if (account) {
    form.appid.value = account.appid;
    form.name.value = account.name;
    form.mode.value = account.mode;
  }
  modal.show();
}

async function remove(account) {
  if (!confirm(`删除公众号「${account.name}」（${account.appid}）？其回调将不再被处理。`)) return;
  if (await attempt(() => api('DELETE', `admin/accounts/${encodeURIComponent(account.appid)}`), '已删除') !== undefined) reload();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const v = formValues(form);
  const body = {name: v.name, mode: v.mode};
  for (const f of ['secret', 'token', 'aesKey']) if (v[f] !== '' || !editing) body[f] = v[f];
  try {
    await api('PUT', `admin/accounts/${encodeURIComponent(v.appid)}`, body);
    modal.hide();
    notify(editing ? '已保存' : '已创建');
    reload();
  } catch (err) {
    document.getElementById('accountError').textContent = err.message;
  }
});

document.getElementById('newAccount')?.addEventListener('click', () => open(null));
reload();
