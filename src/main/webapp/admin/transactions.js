import {PagedTable, api, attempt, boot, buttons, canWrite, el, formValues, notify, query, rowButton, time} from './app.js';

await boot('transactions');
const stateName = {queued: '排队中', sent: '已提交', waiting: '等待重试', done: '成功', failed: '失败'};
const stateClass = {done: 'text-bg-success', failed: 'text-bg-danger', waiting: 'text-bg-warning'};
const form = document.getElementById('filters');

const columns = [
  {formatter: 'rowSelection', titleFormatter: 'rowSelection', headerSort: false, width: 40, hozAlign: 'center', visible: canWrite()},
  {title: '编号', field: 'id', width: 80},
  {title: '时间', field: 'createdAt', width: 160, formatter: (c) => time(c.getValue())},
  {title: '手机号', field: 'phone', width: 120, cssClass: 'mono'},
  {title: '业务', field: 'title', minWidth: 140},
  {title: '状态', field: 'state', width: 100, formatter: (c) => el('span',
    {class: 'badge ' + (stateClass[c.getValue()] || 'text-bg-secondary'), text: stateName[c.getValue()] || c.getValue()})},
  {title: '结果', field: 'resultMessage', minWidth: 160, formatter: (c) => {
    const t = c.getRow().getData();
    return el('span', {text: [t.resultCode, t.resultMessage].filter(Boolean).join(' ')});
  }},
  {title: '次数', field: 'tries', width: 70},
  {title: '已告知', field: 'notified', width: 80, formatter: (c) => c.getValue() ? '是' : '否'},
  {title: '重办', field: 'redoBy', width: 100},
  {title: '操作', field: 'id', headerSort: false, width: 110, visible: canWrite(), formatter: buttons((t) => [
    t.state === 'failed' && rowButton('重新办理', 'outline-danger', () => redo([t.id]), {dataset: {action: 'redo'}}),
  ])},
];
const table = new PagedTable(document.getElementById('transactions'), columns, {selectable: canWrite()});

function search() {
  const q = query(formValues(form));
  document.getElementById('csv').href = '../api/admin/transactions.csv' + (q ? '?' + q : '');
  return table.load('admin/transactions' + (q ? '?' + q : ''));
}

async function redo(ids) {
  if (!ids.length) { notify('请先勾选失败的业务', 'warning'); return; }
  if (!confirm(`重新办理 ${ids.length} 笔失败的业务？`)) return;
  const r = await attempt(() => api('POST', 'admin/transactions/redo', {ids}));
  if (!r) return;
  const queued = r.results.filter((x) => x.outcome === 'queued').length;
  const skipped = r.results.length - queued;
  notify(`已重新提交 ${queued} 笔` + (skipped ? `，${skipped} 笔不是失败状态未处理` : ''), skipped ? 'warning' : 'success');
  await table.reload();
  // the carrier answers in seconds: show the outcome when it is there
  for (const wait of [2000, 3000, 5000, 10000]) {
    await new Promise((done) => setTimeout(done, wait));
    await table.reload();
  }
}

form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
document.getElementById('redoSelected')?.addEventListener('click', () =>
  redo(table.table.getSelectedData().filter((t) => t.state === 'failed').map((t) => t.id)));
const accounts = await attempt(() => api('GET', 'admin/accounts')) || [];
document.getElementById('account').append(...accounts.map((a) => el('option', {value: a.appid, text: a.name})));
const given = new URLSearchParams(location.search);
for (const [k, v] of given) if (form.elements[k]) form.elements[k].value = v;
search();
