// The sandbox phone: a subscriber's chat with an official account, played against the sandbox WeChat.
// What the user types or clicks goes to POST ../wechat/phone/{appid}/{openid}/send (a real signed callback
// to the product); the passive reply comes back in the answer; kf and template messages arrive in the
// user's inbox (GET ../wechat/users/{appid}/{openid}/inbox?after=seq), polled every second.
(function () {
  'use strict';
  var API = '../wechat/';
  var $ = function (id) { return document.getElementById(id); };
  var state = { appid: null, openid: null, lastSeq: 0, users: [], poll: null, generation: 0 };
  var params = new URLSearchParams(location.search);

  function getJson(path) {
    return fetch(API + path, { cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || ('HTTP ' + r.status)); }
        return body;
      });
    });
  }

  function postJson(path, body) {
    return fetch(API + path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (answer) {
        if (!r.ok) { throw new Error(answer.error || ('HTTP ' + r.status)); }
        return answer;
      });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function status(text) { $('status').textContent = text || ''; }

  function scrollDown() { var c = $('chat'); c.scrollTop = c.scrollHeight; }

  function currentUser() {
    for (var i = 0; i < state.users.length; i++) {
      if (state.users[i].openid === state.openid) { return state.users[i]; }
    }
    return null;
  }

  function row(direction, content, kind) {
    var r = el('div', 'row ' + direction);
    if (kind) { r.setAttribute('data-kind', kind); }
    var face = el('div', 'face');
    if (direction === 'out') {
      var u = currentUser();
      if (u) { var img = el('img'); img.src = u.headimgurl; img.alt = ''; face.appendChild(img); }
    } else {
      face.textContent = '公';
    }
    r.appendChild(face);
    r.appendChild(content);
    $('chat').appendChild(r);
    scrollDown();
    return r;
  }

  function note(text) {
    var r = el('div', 'row note');
    r.appendChild(el('div', 'bubble system', text));
    $('chat').appendChild(r);
    scrollDown();
  }

  function textBubble(text, tag) {
    var b = el('div', 'bubble');
    if (tag) { b.appendChild(el('span', 'tag', tag)); }
    b.appendChild(document.createTextNode(text));
    return b;
  }

  // ---- what the account sends: passive replies (flat view of the reply XML), kf and template messages

  function showReply(reply) {
    var type = reply.MsgType;
    if (type === 'text') {
      row('in', textBubble(reply.Content), 'reply');
    } else if (type === 'news') {
      var n = parseInt(reply.Articles || '0', 10);
      for (var i = 1; i <= n; i++) {
        row('in', news(reply['Articles.' + i + '.Title'], reply['Articles.' + i + '.Description'],
          reply['Articles.' + i + '.Url'], reply['Articles.' + i + '.PicUrl']), 'reply');
      }
    } else if (type === 'transfer_customer_service') {
      note('已转接人工客服');
    } else {
      row('in', textBubble('[' + type + '] ' + (reply.MediaId || reply.Title || '')), 'reply');
    }
  }

  function news(title, description, url, pic) {
    var b = el('div', 'bubble news');
    var a = el('a');
    if (url) { a.href = url; a.target = '_blank'; a.rel = 'noopener'; }
    a.appendChild(el('strong', null, title || ''));
    if (pic) { var img = el('img'); img.src = pic; img.alt = ''; a.appendChild(img); }
    if (description) { a.appendChild(el('div', 'tag', description)); }
    b.appendChild(a);
    return b;
  }

  function showInbox(entry) {
    if (entry.kind === 'template') {
      var card = el('div', 'card template');
      card.appendChild(el('h4', null, '模板消息 · ' + entry.template_id));
      var dl = el('dl');
      var data = entry.data || {};
      Object.keys(data).forEach(function (key) {
        dl.appendChild(el('dt', null, key));
        dl.appendChild(el('dd', null, data[key] && data[key].value));
      });
      card.appendChild(dl);
      if (entry.url) { var a = el('a', null, '详情'); a.href = entry.url; a.target = '_blank'; a.rel = 'noopener'; card.appendChild(a); }
      row('in', card, 'template');
      return;
    }
    var t = entry.type;
    var p = entry[t] || {};
    var tag = '客服消息' + (entry.kfAccount ? ' · ' + entry.kfAccount : '');
    if (t === 'text') {
      row('in', textBubble(p.content, tag), 'kf');
    } else if (t === 'news') {
      var art = (p.articles || [])[0] || {};
      row('in', news(art.title, art.description, art.url, art.picurl), 'kf');
    } else if (t === 'msgmenu') {
      var lines = [p.head_content || ''];
      (p.list || []).forEach(function (item) { lines.push(item.id + '. ' + item.content); });
      if (p.tail_content) { lines.push(p.tail_content); }
      row('in', textBubble(lines.join('\n'), tag), 'kf');
    } else {
      row('in', textBubble('[' + t + '] ' + (p.media_id || p.title || p.musicurl || ''), tag), 'kf');
    }
  }

  function pollInbox() {
    if (!state.appid || !state.openid) { return; }
    var generation = state.generation;
    getJson('users/' + state.appid + '/' + encodeURIComponent(state.openid) + '/inbox?after=' + state.lastSeq)
      .then(function (entries) {
        if (generation !== state.generation) { return; }
        entries.forEach(function (e) {
          if (e.seq > state.lastSeq) { state.lastSeq = e.seq; showInbox(e); }
        });
      })
      .catch(function (e) { status('收件箱：' + e.message); });
  }

  // ---- what the user does

  function send(body, shown) {
    if (!state.appid || !state.openid) { status('先选择公众号和用户'); return Promise.resolve(); }
    if (shown) { row('out', textBubble(shown), 'sent'); }
    status('');
    return postJson('phone/' + state.appid + '/' + encodeURIComponent(state.openid) + '/send', body)
      .then(function (answer) {
        if (!answer.ok) { status('公众号未正常应答：' + answer.problem); }
        if (answer.reply) { showReply(answer.reply); }
      })
      .catch(function (e) { status('发送失败：' + e.message); });
  }

  function sendText() {
    var input = $('text');
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    send({ text: text }, text);
  }

  function renderMenu(menu) {
    var nav = $('menu');
    nav.textContent = '';
    $('submenu').hidden = true;
    var buttons = (menu && menu.button) || [];
    buttons.forEach(function (b) {
      var btn = el('button', 'menu-btn', b.name);
      btn.type = 'button';
      btn.setAttribute('data-name', b.name);
      var subs = b.sub_button || [];
      if (subs.length) {
        btn.classList.add('has-sub');
        btn.addEventListener('click', function () { openSub(btn, subs); });
      } else {
        btn.addEventListener('click', function () { press(b); });
      }
      nav.appendChild(btn);
    });
    var hasMenu = buttons.length > 0;
    $('toMenu').hidden = !hasMenu;
    $('inputbar').hidden = hasMenu;
    $('menubar').hidden = !hasMenu;
  }

  function openSub(anchor, subs) {
    var box = $('submenu');
    if (!box.hidden && box.getAttribute('data-for') === anchor.getAttribute('data-name')) { box.hidden = true; return; }
    box.textContent = '';
    box.setAttribute('data-for', anchor.getAttribute('data-name'));
    subs.forEach(function (s) {
      var item = el('button', 'sub-btn', s.name);
      item.type = 'button';
      item.setAttribute('data-name', s.name);
      item.addEventListener('click', function () { box.hidden = true; press(s); });
      box.appendChild(item);
    });
    var phone = document.querySelector('.phone').getBoundingClientRect();
    var r = anchor.getBoundingClientRect();
    box.style.left = Math.max(4, r.left - phone.left + r.width / 2 - 60) + 'px';
    box.hidden = false;
  }

  function press(button) {
    if (button.type === 'view') {
      send({ event: 'VIEW', key: button.url }, null).then(function () { window.open(button.url, '_blank', 'noopener'); });
      note('打开网页 ' + button.url);
    } else if (button.type === 'click') {
      note('点击菜单「' + button.name + '」');
      send({ event: 'CLICK', key: button.key }, null);
    } else {
      note('菜单类型 ' + button.type + ' 在沙箱手机上只显示，不发送');
    }
  }

  // ---- choosing the account and the user

  function loadAccounts() {
    return getJson('accounts').then(function (accounts) {
      var select = $('account');
      select.textContent = '';
      accounts.forEach(function (a) {
        var o = el('option', null, (a.name || a.appid) + ' (' + a.mode + ')');
        o.value = a.appid;
        select.appendChild(o);
      });
      if (!accounts.length) { status('沙箱里还没有公众号：先用 scripts/account add 注册'); return; }
      var wanted = params.get('appid');
      select.value = accounts.some(function (a) { return a.appid === wanted; }) ? wanted : accounts[0].appid;
      return chooseAccount();
    });
  }

  function chooseAccount() {
    state.appid = $('account').value;
    var option = $('account').selectedOptions[0];
    $('title').textContent = option ? option.textContent.replace(/ \(.*\)$/, '') : '';
    return Promise.all([
      getJson('phone/' + state.appid + '/menu').then(function (m) { renderMenu(m.menu); }),
      loadUsers()
    ]);
  }

  function loadUsers() {
    return getJson('users/' + state.appid).then(function (users) {
      state.users = users;
      var select = $('user');
      select.textContent = '';
      users.forEach(function (u) {
        var o = el('option', null, u.nickname + (u.subscribe ? '' : '（未关注）'));
        o.value = u.openid;
        select.appendChild(o);
      });
      var wanted = params.get('openid');
      if (wanted && !users.some(function (u) { return u.openid === wanted; })) {
        var extra = el('option', null, wanted);
        extra.value = wanted;
        select.appendChild(extra);
        state.users.push({ openid: wanted, nickname: wanted, headimgurl: '', subscribe: 1 });
      }
      select.value = wanted || (users[0] && users[0].openid) || '';
      params.delete('openid');
      chooseUser();
    });
  }

  function chooseUser() {
    state.openid = $('user').value;
    state.lastSeq = 0;
    state.generation++;
    $('chat').textContent = '';
    var u = currentUser();
    $('who').textContent = u ? u.nickname + ' · ' + u.openid : '';
    $('avatar').src = u && u.headimgurl ? u.headimgurl : '';
    note('以 ' + (u ? u.nickname : state.openid) + ' 的身份聊天');
    pollInbox();
  }

  $('account').addEventListener('change', chooseAccount);
  $('user').addEventListener('change', chooseUser);
  $('send').addEventListener('click', sendText);
  $('text').addEventListener('keydown', function (e) { if (e.key === 'Enter') { sendText(); } });
  $('toMenu').addEventListener('click', function () { $('inputbar').hidden = true; $('menubar').hidden = false; });
  $('toKeyboard').addEventListener('click', function () {
    $('menubar').hidden = true; $('submenu').hidden = true; $('inputbar').hidden = false; $('text').focus();
  });
  $('subscribe').addEventListener('click', function () {
    note('关注了公众号');
    send({ event: 'subscribe' }, null).then(loadUsersKeepingUser);
  });
  $('unsubscribe').addEventListener('click', function () {
    note('取消关注');
    send({ event: 'unsubscribe' }, null).then(loadUsersKeepingUser);
  });

  function loadUsersKeepingUser() {
    var keep = state.openid;
    return getJson('users/' + state.appid).then(function (users) {
      state.users = users;
      Array.prototype.forEach.call($('user').options, function (o) {
        var u = users.filter(function (x) { return x.openid === o.value; })[0];
        if (u) { o.textContent = u.nickname + (u.subscribe ? '' : '（未关注）'); }
      });
      $('user').value = keep;
    });
  }

  loadAccounts().catch(function (e) { status('沙箱不可用：' + e.message); });
  state.poll = setInterval(pollInbox, 1000);
})();
