(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var appid = q.get('appid') || '';
  var packetId = q.get('packet');
  var askId = q.get('ask');
  var csrf = '';
  var snapshot = false;
  var base = location.pathname.replace(/\/h5\/redpacket.*$/, '/h5/redpacket');
  var $ = function (id) { return document.getElementById(id); };

  function key() {
    var a = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function say(text, ok) {
    var t = $('toast');
    t.textContent = text;
    t.className = 'weui-toptips ' + (ok ? 'weui-toptips_success' : 'weui-toptips_warn');
    t.style.display = 'block';
    t.style.background = ok ? '#07c160' : '';
    clearTimeout(say.timer);
    say.timer = setTimeout(function () { t.style.display = 'none'; }, 3500);
  }
  function call(method, path, body, extra) {
    var opts = { method: method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.headers['X-WXP-CSRF'] = csrf;
      opts.body = JSON.stringify(body);
    }
    return fetch(base + '/api/' + path + '?appid=' + encodeURIComponent(appid) + (extra || ''), opts)
      .then(function (r) { return r.json().then(function (j) { j._status = r.status; return j; }); });
  }
  function link(params) {
    return location.origin + base + '?appid=' + encodeURIComponent(appid) + params;
  }
  // what a share from WeChat's menu sends: this page, or the packet / ask link just made (share.js signs
  // the page's address with the JS-SDK and sets the card; without the SDK the card is kept for the page)
  function shareCard(card) {
    window.wxpShare = card;
    if (window.H5Share) { window.H5Share.share(card); }
  }
  window.addEventListener('load', function () {
    if (!window.wxpShare) { shareCard({ title: '流量红包，快来抢', desc: '恭喜发财，大吉大利' }); }
  });
  function setBalance(b) { if (b !== undefined) { $('balance').textContent = b; } }
  function row(left, right) {
    var c = document.createElement('div');
    c.className = 'weui-cell';
    var bd = document.createElement('div');
    bd.className = 'weui-cell__bd';
    bd.textContent = left;
    var ft = document.createElement('div');
    ft.className = 'weui-cell__ft';
    ft.textContent = right;
    c.appendChild(bd);
    c.appendChild(ft);
    return c;
  }

  function me() {
    return call('GET', 'me').then(function (m) {
      if (m._status !== 200) { say(m.error || '页面已过期，请从公众号菜单重新打开。', false); return; }
      csrf = m.csrf;
      snapshot = m.snapshot;
      setBalance(m.balance);
      $('level').textContent = snapshot ? '朋友圈快照页：仅可浏览，不能领取' : '活跃等级 ' + m.level;
      var ex = $('exchanges');
      ex.innerHTML = '';
      m.exchanges.forEach(function (mb) {
        var c = row('兑换 ' + mb + ' MB 流量包', '兑换');
        c.className += ' weui-cell_access';
        c.dataset.mb = mb;
        c.addEventListener('click', function () { exchange(mb); });
        ex.appendChild(c);
      });
    });
  }

  function showPacket() {
    return call('GET', 'packet', undefined, '&packet=' + encodeURIComponent(packetId)).then(function (p) {
      if (p._status !== 200) { say(p.error, false); return; }
      $('packetView').hidden = false;
      $('pkFrom').textContent = p.from + ' 的流量红包';
      $('pkGreeting').textContent = p.greeting || '恭喜发财，大吉大利';
      var state = p.state === 'O' ? '已领取 ' + p.takenCount + '/' + p.count + ' 个，共 ' + p.takenMb + '/' + p.totalMb + ' MB'
        : p.state === 'E' ? p.count + ' 个红包共 ' + p.totalMb + ' MB，已被抢光'
        : '已过期，' + p.refundedMb + ' MB 已退回';
      $('pkState').textContent = state;
      if (p.gotMb !== undefined) { result(p.gotMb + ' MB'); }
      $('grab').hidden = p.gotMb !== undefined || p.state !== 'O';
      var g = $('grabs');
      g.innerHTML = '';
      p.grabs.forEach(function (x) { g.appendChild(row(x.who + (x.me ? '（我）' : ''), x.amountMb + ' MB')); });
      $('grabsBox').hidden = p.grabs.length === 0;
    });
  }
  function result(text) { $('pkResult').hidden = false; $('pkResult').textContent = text; }

  $('grab').addEventListener('click', function () {
    if (snapshot) { say('朋友圈快照页不能领取红包，请从公众号菜单打开。', false); return; }
    $('grab').disabled = true;
    call('POST', 'grab', { packet: packetId }).then(function (r) {
      $('grab').disabled = false;
      if (r.outcome === 'BUSY') { say(r.message, false); return; }
      say(r.message || r.error, !!r.ok);
      if (r.ok) { result(r.amountMb + ' MB'); }
      me();
      showPacket();
    }).catch(function () { $('grab').disabled = false; say('网络不给力，请稍后再试。', false); });
  });

  function showAsk() {
    return call('GET', 'ask', undefined, '&ask=' + encodeURIComponent(askId)).then(function (a) {
      if (a._status !== 200) { say(a.error, false); return; }
      $('askView').hidden = false;
      $('askFrom').textContent = a.from + ' 向你讨流量红包';
      $('askNote').textContent = a.note;
      $('askAmount').textContent = a.amountMb + ' MB';
      $('pay').hidden = a.mine || a.state !== 'O';
      $('askState').textContent = a.state === 'P' ? '已由 ' + a.paidBy + ' 发出' : a.mine ? '把本页分享给好友，请 TA 发红包' : '';
    });
  }
  $('pay').addEventListener('click', function () {
    call('POST', 'pay', { ask: askId }).then(function (r) {
      say(r.ok ? '已发出 ' + r.amountMb + ' MB' : r.error, !!r.ok);
      setBalance(r.balance);
      showAsk();
    });
  });

  $('kind').addEventListener('change', function () {
    $('amountLabel').textContent = $('kind').value === 'NORMAL' ? '单个流量' : '总流量';
  });
  var sendKey = key();
  $('send').addEventListener('click', function () {
    var body = { kind: $('kind').value, amount: parseInt($('amount').value, 10), count: parseInt($('count').value, 10),
      greeting: $('greeting').value, key: sendKey };
    if (!(body.amount > 0) || !(body.count > 0)) { say('请填写流量和个数。', false); return; }
    $('send').disabled = true;
    call('POST', 'send', body).then(function (r) {
      $('send').disabled = false;
      if (!r.ok) { say(r.error, false); return; }
      sendKey = key();
      setBalance(r.balance);
      say('红包已发出，分享给好友来抢吧', true);
      var url = link('&packet=' + r.packet);
      $('shareBox').hidden = false;
      $('shareBox').textContent = '分享链接：' + url;
      shareCard({ title: '流量红包：' + (body.greeting || '恭喜发财，大吉大利'), link: url });
    }).catch(function () { $('send').disabled = false; say('网络不给力，请稍后再试。', false); });
  });

  $('ask').addEventListener('click', function () {
    var amount = parseInt($('askAmountIn').value, 10);
    if (!(amount > 0)) { say('请填写想要的流量。', false); return; }
    call('POST', 'ask', { amount: amount, note: $('askNoteIn').value }).then(function (r) {
      if (!r.ok) { say(r.error, false); return; }
      var url = link('&ask=' + r.ask);
      $('shareBox').hidden = false;
      $('shareBox').textContent = '讨红包链接：' + url;
      shareCard({ title: '帮我发个流量红包吧', link: url });
      say('链接已生成，分享给好友', true);
    });
  });

  $('system').addEventListener('click', function () {
    call('POST', 'system', {}).then(function (r) {
      $('systemResult').textContent = r.ok ? r.amountMb + ' MB' + (r.repeat ? '（今日已领）' : '') : (r.error || r.message);
      if (r.ok) { say(r.message, true); }
      setBalance(r.balance);
    });
  });

  var exchangeKey = key();
  function exchange(mb) {
    if (!confirm('用 ' + mb + ' MB 红包流量兑换到绑定的手机？')) { return; }
    call('POST', 'exchange', { amount: mb, key: exchangeKey }).then(function (r) {
      $('exchangeResult').textContent = r.ok ? r.message : r.error;
      if (r.ok) { exchangeKey = key(); }
      setBalance(r.balance);
    });
  }

  me().then(function () {
    if (packetId) { showPacket(); }
    if (askId) { showAsk(); }
  }).catch(function () { say('网络不给力，请稍后再试。', false); });
})();
