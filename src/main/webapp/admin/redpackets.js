import {PagedTable, api, attempt, boot, formValues, notify, query, time} from './app.js';

await boot('redpackets');
const STATES = {OPEN: '进行中', EMPTIED: '已抢完', REFUNDED: '已退款'};
const KINDS = {NORMAL: '普通', RANDOM: '拼手气', SYSTEM: '系统', ASK: '讨红包'};
const form = document.getElementById('filters');
const table = new PagedTable(document.getElementById('packets'), [
  {title: '编号', field: 'id', width: 90},
  {title: '公众号', field: 'appid', width: 170, cssClass: 'mono'},
  {title: '发送者', field: 'sender', width: 200, cssClass: 'mono', formatter: (c) => c.getValue() || '（系统）'},
  {title: '类型', field: 'kind', width: 80, formatter: (c) => KINDS[c.getValue()] || c.getValue()},
  {title: '总额 MB', field: 'totalMb', width: 90, hozAlign: 'right'},
  {title: '已领', field: 'takenCount', width: 90, formatter: (c) => `${c.getValue()}/${c.getRow().getData().count}`},
  {title: '已领 MB', field: 'takenMb', width: 90, hozAlign: 'right'},
  {title: '退款 MB', field: 'refundedMb', width: 90, hozAlign: 'right'},
  {title: '状态', field: 'state', width: 90, formatter: (c) => STATES[c.getValue()] || c.getValue()},
  {title: '祝福语', field: 'greeting', formatter: 'plaintext'},
  {title: '发出', field: 'createdAt', width: 160, formatter: (c) => time(c.getValue())},
  {title: '过期', field: 'expiresAt', width: 160, formatter: (c) => time(c.getValue())},
]);
form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
function search() {
  const q = query(formValues(form));
  return table.load('admin/redpackets' + (q ? '?' + q : ''));
}

const ledger = new Tabulator('#ledger', {
  layout: 'fitColumns',
  placeholder: '没有流水',
  columns: [
    {title: '时间', field: 'at', width: 160, formatter: (c) => time(c.getValue())},
    {title: '类型', field: 'kind', width: 100},
    {title: 'MB', field: 'amountMb', width: 90, hozAlign: 'right'},
    {title: '红包', field: 'packetId', width: 90},
    {title: '幂等键', field: 'idemKey', cssClass: 'mono', formatter: 'plaintext'},
  ],
});
document.getElementById('accountForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = query(formValues(e.target));
  const a = await attempt(() => api('GET', 'admin/redpackets/account?' + q));
  if (!a) return;
  document.getElementById('balance').textContent = `余额 ${a.balance} MB`;
  ledger.setData(a.ledger);
});

document.getElementById('reconcile').addEventListener('click', async () => {
  const r = await attempt(() => api('POST', 'admin/redpackets/reconcile'));
  if (!r) return;
  if (r.clean) notify(`对账通过：${r.accounts} 个账户，${r.packets} 个红包`);
  else notify(`对账发现 ${r.mismatches.length} 处不符，已告警：${r.mismatches.slice(0, 3).join('；')}`, 'danger');
});

search();
