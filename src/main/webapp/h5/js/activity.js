// The activity page: lottery, shake or red-packet square, as the operator configured it. The draw is
// decided by the server; the page only shows the outcome.
(function () {
  'use strict';
  var $ = H5.$;
  var id = H5.params.get('id') || '';
  var preview = H5.params.get('preview') === '1';
  var drawing = false;

  function when(a) {
    var f = function (iso) { return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }); };
    return '活动时间：' + f(a.startsAt) + ' 至 ' + f(a.endsAt);
  }

  function showResult(text, outcome) {
    var r = $('result');
    r.textContent = text;
    r.hidden = false;
    r.setAttribute('data-outcome', outcome || '');
  }

  function render(v) {
    var a = v.activity;
    document.title = a.title;
    $('title').textContent = a.title;
    $('when').textContent = when(a);
    $('body').textContent = a.body;
    $('phase').textContent = a.phaseText;
    document.body.setAttribute('data-phase', a.phase);
    document.body.setAttribute('data-module', a.module);
    var images = $('images');
    images.textContent = '';
    a.images.forEach(function (src) {
      var img = document.createElement('img');
      img.src = src;
      img.alt = a.title;
      images.appendChild(img);
    });
    var open = a.phase === 'OPEN';
    var me = v.me || {};
    if (a.module === 'LOTTERY') {
      $('lottery').hidden = false;
      var grid = $('grid');
      grid.textContent = '';
      var names = a.prizes.slice(0, 8);
      while (names.length < 8) { names.push('谢谢参与'); }
      names.forEach(function (n) { var d = document.createElement('div'); d.textContent = n; grid.appendChild(d); });
    } else if (a.module === 'SHAKE') {
      $('shake').hidden = false;
    } else {
      $('square').hidden = false;
      $('squareLink').href = v.links.redpacket;
    }
    var button = a.module === 'LOTTERY' ? $('draw') : a.module === 'SHAKE' ? $('shakeBtn') : null;
    if (preview) {
      // the admin's preview says who may take part (a tag's name is the operator's, never a subscriber's)
      var who = v.audience ? (v.audience.kind === 'TAG' ? '带「' + v.audience.tagName + '」标签的用户'
        : v.audience.kind === 'BOUND' ? '已绑定手机号的用户' : '所有关注用户') : '';
      if (who) { $('previewBar').textContent = '预览：这是订阅用户看到的页面，预览中不能抽奖。参与范围：' + who; }
      $('previewBar').hidden = false;
      if (button) { button.disabled = true; }
      return;
    }
    if (me.snapshot) {
      H5.say(me.message, false);
      if (button) { button.disabled = true; }
      return;
    }
    if (me.participation) {
      showResult(me.participation.message, me.participation.outcome);
      if (a.module === 'LOTTERY') { spin()(me.participation.prize || null); }
      if (button) { button.disabled = true; button.textContent = '已参加'; }
    } else if (!open && button) {
      button.disabled = true;
    } else if (me.audienceUnknown) {
      // WeChat could not say now whether this subscriber may take part: the draw asks again
      H5.say(me.message, false);
    } else if (!me.inAudience) {
      H5.say(me.message || '本活动仅限部分用户参加。', false);
      if (me.bindFirst) {
        $('bindArea').hidden = false;
        $('bindLink').href = v.links.bind;
      }
      if (button) { button.disabled = true; }
    }
    H5Share.share({ title: a.title, desc: a.body.slice(0, 60), imgUrl: a.images[0] || '' });
  }

  // the wheel runs while the server draws, then stops on the prize drawn (or on a "thank you" cell)
  function spin() {
    var cells = $('grid').children;
    var i = 0;
    var timer = setInterval(function () {
      for (var k = 0; k < cells.length; k++) { cells[k].className = k === i % cells.length ? 'on' : ''; }
      i++;
    }, 80);
    return function (prize) {
      clearInterval(timer);
      var at = -1;
      for (var k = 0; k < cells.length; k++) {
        if (at < 0 && cells[k].textContent === (prize || '谢谢参与')) { at = k; }
      }
      for (var m = 0; m < cells.length; m++) { cells[m].className = m === at ? 'on' : ''; }
    };
  }

  function draw(button) {
    if (drawing) { return; }
    drawing = true;
    button.disabled = true;
    var stop = $('lottery').hidden ? function () {} : spin();
    if (!$('shake').hidden) { $('shakeIcon').className = 'wxp-shake moving'; }
    H5.api('POST', '/h5/activity/api/draw', { id: id }, {}).then(function (r) {
      setTimeout(function () {
        stop(r.outcome === 'WON' ? r.prize : null);
        $('shakeIcon').className = 'wxp-shake';
        if (r._status === 200 && r.ok) {
          showResult(r.message, r.outcome);
          button.textContent = '已参加';
        } else {
          H5.say(H5.reason(r), false);
          drawing = false;
          button.disabled = r._status === 403;
        }
      }, 600);
    });
  }

  $('draw').addEventListener('click', function () { draw($('draw')); });
  $('shakeBtn').addEventListener('click', function () { draw($('shakeBtn')); });
  // shaking the phone: a strong acceleration on any axis counts as one shake
  window.addEventListener('devicemotion', function (e) {
    var g = e.accelerationIncludingGravity;
    if ($('shake').hidden || $('shakeBtn').disabled || !g) { return; }
    if (Math.abs(g.x) > 18 || Math.abs(g.y) > 18 || Math.abs(g.z) > 18) { draw($('shakeBtn')); }
  });

  var load = preview
    ? fetch(H5.context + '/api/admin/accounts/' + encodeURIComponent(H5.appid) + '/activities/' + encodeURIComponent(id)
        + '/preview', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.json().then(function (j) { j._status = r.status; return j; }); })
    : H5.api('GET', '/h5/activity/api/view', { id: id });
  load.then(function (v) {
    if (v._status !== 200) { H5.say(H5.reason(v), false); return; }
    render(v);
  }, function () { H5.say('网络不给力，请稍后再试。', false); });
})();
