import {api, attempt, boot, el, time} from './app.js';

await boot('logs');
const size = (n) => n > 1048576 ? (n / 1048576).toFixed(1) + ' MB' : n > 1024 ? (n / 1024).toFixed(1) + ' KB' : n + ' B';
const table = new Tabulator('#files', {
  layout: 'fitColumns',
  placeholder: '没有日志文件',
  index: 'name',
  columns: [
    {title: '文件', field: 'name', cssClass: 'mono'},
    {title: '大小', field: 'bytes', width: 120, hozAlign: 'right', formatter: (c) => size(c.getValue())},
    {title: '修改时间', field: 'modified', width: 180, formatter: (c) => time(c.getValue())},
    {title: '下载', field: 'name', headerSort: false, width: 100, formatter: (c) => el('a',
      {class: 'btn btn-outline-secondary btn-sm py-0', href: `../api/admin/log-files/${encodeURIComponent(c.getValue())}`,
        text: '下载', dataset: {action: 'download'}})},
  ],
});
const list = await attempt(() => api('GET', 'admin/log-files'));
if (list) {
  document.getElementById('node').textContent = `（节点 ${list.node}）`;
  await table.replaceData(list.files);
}
document.getElementById('purge')?.addEventListener('click', async () => {
  if (!confirm('立即删除保留期以前的用户日志？')) return;
  const r = await attempt(() => api('POST', 'admin/log-files/user-log-purge'), '已清理');
  if (r) {
    document.getElementById('purgeResult').textContent =
      `已删除 ${time(r.before)} 以前的记录：${r.deletedRows} 行` + (r.droppedTables.length ? `，整表删除 ${r.droppedTables.join('、')}` : '');
  }
});
