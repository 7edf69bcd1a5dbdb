import {PagedTable, api, attempt, beijingInput, boot, el, formValues, notify, query, time} from './app.js';

await boot('monitor');
const form = document.getElementById('filters');
const nodesBox = document.getElementById('nodes');
const showLo = document.getElementById('showLo');
let charts = [];
let last = null;

const wanted = new URLSearchParams(location.search).get('node');
if (wanted) form.node.value = wanted;
form.from.value = beijingInput(new Date(Date.now() - 24 * 3600 * 1000));
form.to.value = beijingInput(new Date(Date.now() + 60 * 1000));

const STATE = {NEW: '未发送', SENDING: '发送中', FAILED: '失败（将重试）', SENT: '已发送'};
const STATE_CLASS = {NEW: 'text-bg-secondary', SENDING: 'text-bg-info', FAILED: 'text-bg-danger', SENT: 'text-bg-success'};
const mails = new PagedTable(document.getElementById('mails'), [
  {title: '日期', field: 'day', width: 120},
  {title: '状态', field: 'state', width: 140, formatter: (c) =>
    el('span', {class: 'badge ' + (STATE_CLASS[c.getValue()] || 'text-bg-secondary'), text: STATE[c.getValue()] || c.getValue()})},
  {title: '尝试次数', field: 'attempts', width: 100, hozAlign: 'right'},
  {title: '发送时间', field: 'sentAt', width: 170, formatter: (c) => time(c.getValue())},
  {title: '收件人', field: 'recipients', formatter: 'plaintext'},
  {title: '最近错误', field: 'lastError', formatter: 'plaintext'},
], {index: 'day'});

function axisTime(iso) {
  return time(iso).slice(5, 16);
}

function lineChart(box, title, unit, series, extra = {}) {
  const chart = echarts.init(box);
  const few = series.every((s) => s.data.length <= 30);
  chart.setOption({
    animation: false,
    title: {text: title, left: 0, textStyle: {fontSize: 13}},
    tooltip: {trigger: 'axis', valueFormatter: (v) => (v == null ? '' : `${v} ${unit}`)},
    legend: {top: 0, right: 0, type: 'scroll', width: '60%'},
    grid: {left: 60, right: extra.yAxis ? 50 : 20, top: 40, bottom: 30},
    xAxis: {type: 'time', min: new Date(last.from).getTime(), max: new Date(last.to).getTime(),
      axisLabel: {hideOverlap: true, formatter: (v) => axisTime(new Date(v).toISOString())}},
    yAxis: extra.yAxis || {type: 'value', name: unit, nameTextStyle: {fontSize: 11}},
    series: series.map((s) => ({type: 'line', showSymbol: few, symbolSize: 4, name: s.name, data: s.data, ...(s.options || {})})),
  });
  charts.push(chart);
  return chart;
}

function drawScale() {
  if (!last.scale.length) return;
  const box = el('div', {class: 'monitor-chart', role: 'img', 'aria-label': '负载均衡的请求数与档位'});
  const changes = el('ul', {class: 'small text-secondary mb-0'});
  for (const c of last.tierChanges) {
    changes.append(el('li', {text: `${time(c.at)} ${c.balancer} 切换到第 ${c.tier} 档（${c.rps} 次/秒）`}));
  }
  nodesBox.append(el('div', {class: 'card mb-3', dataset: {scale: 'true'}},
    el('div', {class: 'card-body'},
      el('h2', {class: 'h6 card-title', text: '负载均衡（扩容监控）'}), box,
      last.tierChanges.length ? changes : el('p', {class: 'small text-secondary mb-0', text: '该时间段没有档位切换。'}))));
  const series = [];
  for (const b of last.scale) {
    series.push({name: `${b.balancer} 请求/秒`, data: b.points.map((p) => [p[0], p[1]])});
    series.push({name: `${b.balancer} 档位`, data: b.points.map((p) => [p[0], p[2]]), options: {step: 'end', yAxisIndex: 1}});
  }
  lineChart(box, '请求数（每秒）与 upstream 档位', '', series, {yAxis: [
    {type: 'value', name: '次/秒', nameTextStyle: {fontSize: 11}},
    {type: 'value', name: '档位', min: 0, max: 5, interval: 1, nameTextStyle: {fontSize: 11}},
  ]});
}

function draw() {
  charts.forEach((c) => c.dispose());
  charts = [];
  nodesBox.replaceChildren();
  if (!last) return;
  drawScale();
  if (!last.nodes.length) {
    nodesBox.append(el('p', {class: 'text-secondary', text: '该时间段没有节点的监控数据。'}));
    return;
  }
  for (const n of last.nodes) {
    const traffic = el('div', {class: 'monitor-chart', role: 'img', 'aria-label': `${n.node} 网络流量`});
    const load = el('div', {class: 'monitor-chart', role: 'img', 'aria-label': `${n.node} 系统负载`});
    nodesBox.append(el('div', {class: 'card mb-3', dataset: {node: n.node}},
      el('div', {class: 'card-body'},
        el('h2', {class: 'h6 card-title mono', text: `节点 ${n.node}`}),
        el('div', {class: 'row g-3'},
          el('div', {class: 'col-lg-7'}, traffic),
          el('div', {class: 'col-lg-5'}, load)))));
    const ifaces = n.traffic.filter((t) => showLo.checked || t.iface !== 'lo' || n.traffic.length === 1);
    const series = [];
    for (const t of ifaces) {
      series.push({name: `${t.iface} 入`, data: t.points.map((p) => [p[0], Math.round(p[1] / 1024)])});
      series.push({name: `${t.iface} 出`, data: t.points.map((p) => [p[0], Math.round(p[2] / 1024)])});
    }
    lineChart(traffic, '网络流量（每分钟）', 'KB', series);
    lineChart(load, '系统负载', '', [
      {name: '1 分钟', data: n.load.map((p) => [p[0], p[1]])},
      {name: '5 分钟', data: n.load.map((p) => [p[0], p[2]])},
      {name: '15 分钟', data: n.load.map((p) => [p[0], p[3]])},
    ]);
  }
  document.body.dataset.drawn = String(last.nodes.length);
}

async function search() {
  const q = query(formValues(form));
  const r = await attempt(() => api('GET', 'admin/monitor' + (q ? '?' + q : '')));
  if (!r) return;
  last = r;
  draw();
}

form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
showLo.addEventListener('change', draw);
document.getElementById('sendForm')?.addEventListener('submit', async (e) => {
  e.preventDefault();
  const day = e.target.day.value;
  const r = await attempt(() => api('POST', `admin/daily-mails/${encodeURIComponent(day)}/send`));
  if (!r) return;
  notify(`${r.day} 的日志邮件已发送`);
  mails.reload();
});
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
search();
mails.load('admin/daily-mails');
