import {PagedTable, accountPicker, api, attempt, boot, el, formValues, query, time} from './app.js';

await boot('service');
let appid = null;
const stateName = {waiting: '排队中', active: '接待中', closed: '已结束'};
const stateClass = {waiting: 'text-bg-warning', active: 'text-bg-primary', closed: 'text-bg-secondary'};
const closedByName = {agent: '客服', user: '用户', idle: '超时'};
const directionName = {in: '用户', out: '客服', notice: '系统'};
const deliveryName = {pending: '发送中', delivered: '已送达', undeliverable: '无法送达', failed: '发送失败'};

/** 75 → "1分15秒"; null → "". */
function seconds(s) {
  if (s === null || s === undefined) return '';
  const m = Math.floor(s / 60);
  return m ? `${m}分${s % 60}秒` : `${s}秒`;
}

const today = () => new Intl.DateTimeFormat('sv-SE', {timeZone: 'Asia/Shanghai'}).format(new Date());
const daysBefore = (day, n) => {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

// ---------------------------------------------------------------------------------- sessions
const sessionForm = document.getElementById('sessionFilters');
const sessions = new PagedTable(document.getElementById('sessions'), [
  {title: '编号', field: 'id', width: 80},
  {title: '进入时间', field: 'enteredAt', width: 160, formatter: (c) => time(c.getValue())},
  {title: '用户', field: 'openid', minWidth: 150, cssClass: 'mono'},
  {title: '客服', field: 'agent', width: 130},
  {title: '状态', field: 'state', width: 90, formatter: (c) => el('span',
    {class: 'badge ' + (stateClass[c.getValue()] || 'text-bg-light'), text: stateName[c.getValue()] || c.getValue()})},
  {title: '等待', field: 'waitSeconds', width: 90, formatter: (c) => seconds(c.getValue())},
  {title: '处理', field: 'handlingSeconds', width: 90, formatter: (c) => seconds(c.getValue())},
  {title: '用户消息', field: 'messagesIn', width: 110, hozAlign: 'right'},
  {title: '客服消息', field: 'messagesOut', width: 110, hozAlign: 'right'},
  {title: '转接', field: 'transfers', width: 80, hozAlign: 'right'},
  {title: '结束', field: 'closedBy', width: 80, formatter: (c) => closedByName[c.getValue()] || c.getValue() || ''},
]);
sessions.table.on('rowClick', (e, row) => showTranscript(row.getData().id));

function sessionQuery() {
  return query({appid, ...formValues(sessionForm)});
}

function loadSessions() {
  const q = sessionQuery();
  document.getElementById('sessionsCsv').href = '../api/admin/service/sessions.csv' + (q ? '?' + q : '');
  return sessions.load('admin/service/sessions' + (q ? '?' + q : ''));
}

async function showTranscript(id) {
  const t = await attempt(() => api('GET', 'admin/service/sessions/' + id));
  if (!t) return;
  const s = t.session;
  document.getElementById('transcriptTitle').textContent =
    `会话 ${s.id} · ${s.openid} · ${s.agent || '未接入'} · ${stateName[s.state] || s.state}`;
  const list = document.getElementById('transcriptMessages');
  list.replaceChildren(...t.messages.map((m) => el('li', {class: 'list-group-item message-' + m.direction,
    dataset: {direction: m.direction}},
    el('div', {class: 'small text-secondary'}, `${time(m.createdAt)} · ${directionName[m.direction] || m.direction}`
      + (m.agent ? `（${m.agent}）` : '') + (m.delivery ? ` · ${deliveryName[m.delivery] || m.delivery}` : '')
      + (m.error ? ` · ${m.error}` : '')),
    el('div', {class: 'content', text: m.type === 'text' ? m.content : `【${m.type}】${m.content || m.mediaId || ''}`}))));
  if (!t.messages.length) list.append(el('li', {class: 'list-group-item text-secondary', text: '没有消息'}));
  const box = document.getElementById('transcript');
  box.dataset.session = String(s.id);
  box.classList.remove('d-none');
  box.scrollIntoView({block: 'nearest'});
}

document.getElementById('closeTranscript').addEventListener('click', () =>
  document.getElementById('transcript').classList.add('d-none'));
sessionForm.addEventListener('submit', (e) => { e.preventDefault(); loadSessions(); });

// ---------------------------------------------------------------------------------- agents
const agentForm = document.getElementById('agentFilters');

async function loadAgents() {
  const q = query({appid, ...formValues(agentForm)});
  document.getElementById('agentsCsv').href = '../api/admin/service/agents.csv?' + q;
  const r = await attempt(() => api('GET', 'admin/service/agents?' + q));
  if (!r) return;
  const cell = (text, cls) => el('td', {class: 'text-end ' + (cls || ''), text: String(text)});
  const body = document.querySelector('#agentsTable tbody');
  body.replaceChildren(...r.rows.map((a) => el('tr', {dataset: {agent: a.agent}},
    el('td', {text: a.agent}), cell(a.sessions, 'sessions'), cell(a.closed, 'closed'),
    cell(seconds(a.meanWaitSeconds), 'wait'), cell(seconds(a.meanHandlingSeconds), 'handling'),
    cell(a.messagesIn, 'in'), cell(a.messagesOut, 'out'))));
  if (!r.rows.length) body.append(el('tr', {}, el('td', {colspan: 7, class: 'text-secondary', text: `${r.from} 至 ${r.to} 没有会话`})));
}

agentForm.addEventListener('submit', (e) => { e.preventDefault(); loadAgents(); });

// ---------------------------------------------------------------------------------- questions
const questionForm = document.getElementById('questionFilters');
let chart = null;

async function loadQuestions() {
  const q = query({appid, ...formValues(questionForm)});
  document.getElementById('questionsCsv').href = '../api/admin/service/questions.csv?' + q;
  const r = await attempt(() => api('GET', 'admin/service/questions?' + q));
  if (!r) return;
  const body = document.querySelector('#questionsTable tbody');
  const cell = (text, cls) => el('td', {class: 'text-end ' + cls, text: String(text)});
  body.replaceChildren(...r.rows.map((x, i) => el('tr', {dataset: {normalized: x.normalized}},
    cell(i + 1, 'rank'),
    el('td', {class: 'question'}, el('span', {class: 'sample', text: x.sample}),
      x.sample !== x.normalized ? el('span', {class: 'small text-secondary ms-2', text: `（${x.normalized}）`}) : null),
    cell(x.misses, 'misses'), cell(x.asked, 'asked'), cell(x.total, 'total fw-bold'),
    el('td', {class: 'text-end'}, el('a', {class: 'btn btn-outline-success btn-sm py-0 add-keyword', text: '加入关键词库',
      href: 'replies.html?' + new URLSearchParams({appid, keyword: x.normalized}).toString()})))));
  if (!r.rows.length) body.append(el('tr', {}, el('td', {colspan: 6, class: 'text-secondary', text: `${r.from} 至 ${r.to} 没有统计到问题`})));
  drawChart(r.rows.slice(0, 10));
}

function drawChart(rows) {
  const box = document.getElementById('questionsChart');
  if (!chart) chart = echarts.init(box);
  const names = rows.map((x) => x.sample.length > 12 ? x.sample.slice(0, 12) + '…' : x.sample).reverse();
  chart.setOption({
    tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
    legend: {data: ['未命中', '人工会话']},
    grid: {left: 8, right: 24, top: 32, bottom: 8, containLabel: true},
    xAxis: {type: 'value', minInterval: 1},
    yAxis: {type: 'category', data: names},
    series: [
      {name: '未命中', type: 'bar', stack: 'n', data: rows.map((x) => x.misses).reverse(), itemStyle: {color: '#fa9d3b'}},
      {name: '人工会话', type: 'bar', stack: 'n', data: rows.map((x) => x.asked).reverse(), itemStyle: {color: '#07c160'}},
    ],
  }, true);
}

questionForm.addEventListener('submit', (e) => { e.preventDefault(); loadQuestions(); });
document.getElementById('questionsTab').addEventListener('shown.bs.tab', () => chart && chart.resize());
window.addEventListener('resize', () => chart && chart.resize());

// ---------------------------------------------------------------------------------- start
const params = new URLSearchParams(location.search);
const end = today();
for (const id of ['agentsTo', 'questionsTo']) document.getElementById(id).value = end;
for (const id of ['agentsFrom', 'questionsFrom']) document.getElementById(id).value = daysBefore(end, 6);
for (const [k, v] of params) {
  if (sessionForm.elements[k]) sessionForm.elements[k].value = v;
  if (k === 'from' || k === 'to') {
    agentForm.elements[k].value = v;
    questionForm.elements[k].value = v;
  }
}
if (params.get('tab')) {
  const tab = document.getElementById(params.get('tab') + 'Tab');
  if (tab) bootstrap.Tab.getOrCreateInstance(tab).show();
}

await accountPicker(document.getElementById('account'), (value) => {
  appid = value;
  loadSessions();
  loadAgents();
  loadQuestions();
});
