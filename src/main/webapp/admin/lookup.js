import {PagedTable, accountPicker, beijingInput, boot, el, formValues, notify, query, time} from './app.js';

await boot('lookup');
const channelName = {WECHAT: '公众号对话', H5: '网页'};
const endName = {REBOUND: '号码被他人绑定', UNBIND_WECHAT: '用户解绑（对话）', UNBIND_H5: '用户解绑（网页）'};
const kindName = {message: '消息', event: '事件'};

const bindings = new PagedTable(document.getElementById('bindings'), [
  {title: '公众号', field: 'appid', cssClass: 'mono', width: 170},
  {title: 'OpenID', field: 'openid', cssClass: 'mono', minWidth: 200},
  {title: '手机号', field: 'phone', cssClass: 'mono', width: 120},
  {title: '方式', field: 'channel', width: 110, formatter: (c) => channelName[c.getValue()] || c.getValue()},
  {title: '绑定时间', field: 'boundAt', width: 160, formatter: (c) => time(c.getValue())},
  {title: '解除时间', field: 'endedAt', width: 160, formatter: (c) => time(c.getValue())},
  {title: '解除原因', field: 'endReason', width: 150, formatter: (c) => endName[c.getValue()] || c.getValue() || ''},
  {title: '当前', field: 'current', width: 70, formatter: (c) => c.getValue() ? el('span', {class: 'badge text-bg-success', text: '当前'}) : ''},
], {index: 'boundAt'});

const logs = new PagedTable(document.getElementById('logs'), [
  {title: '时间', field: 'createdAt', width: 160, formatter: (c) => time(c.getValue())},
  {title: 'OpenID', field: 'openid', cssClass: 'mono', width: 220},
  {title: '种类', field: 'kind', width: 80, formatter: (c) => kindName[c.getValue()] || c.getValue()},
  {title: '类型', field: 'type', width: 120},
  {title: '内容', field: 'content', formatter: 'plaintext'},
]);

const bindingForm = document.getElementById('bindingFilters');
bindingForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const v = formValues(bindingForm);
  if (!v.phone.trim() && !v.openid.trim()) { notify('请输入手机号或 OpenID', 'warning'); return; }
  const q = query(v.phone.trim() ? {phone: v.phone} : {openid: v.openid});
  document.getElementById('bindingsCsv').href = '../api/admin/bindings.csv?' + q;
  bindings.load('admin/bindings?' + q);
});

// the range is Beijing time, as the server takes it
const logForm = document.getElementById('logFilters');
logForm.from.value = beijingInput(new Date(Date.now() - 24 * 3600 * 1000));
logForm.to.value = beijingInput(new Date(Date.now() + 60 * 1000));
function searchLogs() {
  const q = query(formValues(logForm));
  document.getElementById('logsCsv').href = '../api/admin/user-logs.csv?' + q;
  return logs.load('admin/user-logs?' + q);
}
logForm.addEventListener('submit', (e) => { e.preventDefault(); searchLogs(); });
const given = new URLSearchParams(location.search);
await accountPicker(logForm.appid, () => {});
for (const [k, v] of given) if (logForm.elements[k]) logForm.elements[k].value = v;
if (given.get('openid')) searchLogs();
