import {PagedTable, api, attempt, boot, buttons, canWrite, el, formValues, notify, query, rowButton, time} from './app.js';

await boot('alerts');
const form = document.getElementById('filters');
const table = new PagedTable(document.getElementById('alerts'), [
  {formatter: 'rowSelection', titleFormatter: 'rowSelection', headerSort: false, width: 40, hozAlign: 'center', visible: canWrite()},
  {title: '时间', field: 'raisedAt', width: 160, formatter: (c) => time(c.getValue())},
  {title: '类型', field: 'kind', width: 140, cssClass: 'mono'},
  {title: '对象', field: 'subject', width: 220, cssClass: 'mono'},
  {title: '详情', field: 'detail', formatter: 'plaintext'},
  {title: '节点', field: 'node', width: 110},
  {title: '确认', field: 'ackedBy', width: 190, formatter: (c) => {
    const a = c.getRow().getData();
    return a.ackedBy ? el('span', {text: `${a.ackedBy} ${time(a.ackedAt)}`}) : el('span', {class: 'badge text-bg-danger', text: '未处理'});
  }},
  {title: '操作', field: 'id', headerSort: false, width: 90, visible: canWrite(), formatter: buttons((a) => [
    !a.ackedBy && rowButton('确认', 'outline-primary', () => ack([a.id]), {dataset: {action: 'ack'}}),
  ])},
], {selectable: canWrite()});

const chart = echarts.init(document.getElementById('byKind'));
async function drawSummary() {
  const s = await attempt(() => api('GET', 'admin/alerts/summary'));
  if (!s) return;
  const data = Object.entries(s.byKind).map(([name, value]) => ({name, value}));
  chart.setOption({
    animation: false,
    tooltip: {trigger: 'item'},
    title: data.length ? undefined : {text: '没有未处理的告警', left: 'center', top: 'middle', textStyle: {fontSize: 14, color: '#999'}},
    series: [{type: 'pie', radius: ['40%', '70%'], data, label: {formatter: '{b}: {c}'}}],
  }, true);
}

function search() {
  const q = query(formValues(form));
  document.getElementById('csv').href = '../api/admin/alerts.csv' + (q ? '?' + q : '');
  return table.load('admin/alerts' + (q ? '?' + q : ''));
}

async function ack(ids) {
  if (!ids.length) { notify('请先勾选未处理的告警', 'warning'); return; }
  const r = await attempt(() => api('POST', 'admin/alerts/ack', {ids}));
  if (!r) return;
  notify(`已确认 ${r.acked} 条` + (r.already ? `，${r.already} 条此前已被确认` : ''));
  await Promise.all([table.reload(), drawSummary()]);
}

const letters = new Tabulator('#deadLetters', {
  layout: 'fitColumns',
  placeholder: '没有死信',
  index: 'id',
  columns: [
    {title: '时间', field: 'createdAt', width: 160, formatter: (c) => time(c.getValue())},
    {title: '队列', field: 'queue', width: 130, cssClass: 'mono'},
    {title: '消息', field: 'messageId', width: 200, cssClass: 'mono'},
    {title: '错误', field: 'error', formatter: 'plaintext'},
    {title: '失败次数', field: 'failures', width: 90},
    {title: '重新入队', field: 'requeuedBy', width: 180, formatter: (c) => {
      const l = c.getRow().getData();
      return el('span', {text: l.requeuedBy ? `${l.requeuedBy} ${time(l.requeuedAt)}` : ''});
    }},
    {title: '操作', field: 'id', headerSort: false, width: 100, visible: canWrite(), formatter: buttons((l) => [
      !l.requeuedAt && rowButton('重新入队', 'outline-primary', () => requeue(l), {dataset: {action: 'requeue'}}),
    ])},
  ],
});
async function loadLetters() {
  const list = await attempt(() => api('GET', 'admin/dead-letters?limit=100'));
  if (list) await letters.replaceData(list);
}
async function requeue(letter) {
  if (await attempt(() => api('POST', `admin/dead-letters/${letter.id}/requeue`), '已重新入队')) loadLetters();
}
loadLetters();

form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
document.getElementById('ackSelected')?.addEventListener('click', () =>
  ack(table.table.getSelectedData().filter((a) => !a.ackedBy).map((a) => a.id)));
window.addEventListener('resize', () => chart.resize());
search();
drawSummary();
