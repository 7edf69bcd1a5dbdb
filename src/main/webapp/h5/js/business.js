// The query page and the package-order page (the bound number's queries; orders through the carrier's
// transaction queue: the form's one-time token makes a second tap or a retry order nothing more).
(function () {
  'use strict';
  var $ = H5.$;

  function yuan(fen) { return (fen / 100).toFixed(2) + '元'; }

  function status() {
    return H5.api('GET', '/h5/business/api/status').then(function (s) {
      if (s._status !== 200) { H5.say(H5.reason(s), false); $('who').textContent = ''; return null; }
      document.body.setAttribute('data-bound', String(s.bound));
      if (s.snapshot) {
        $('who').textContent = '朋友圈快照页：仅可浏览';
        return s;
      }
      if (!s.bound) {
        $('who').textContent = '尚未绑定手机号';
        H5.say('查询和办理业务需要先绑定手机号。', false);
        $('bindArea').hidden = false;
        $('bindLink').href = s.bindUrl;
        return null;
      }
      $('who').textContent = '当前号码 ' + s.phone;
      return s;
    });
  }

  function queryPage() {
    status().then(function (s) {
      if (!s || s.snapshot) { return; }
      $('queries').hidden = false;
      Array.prototype.forEach.call(document.querySelectorAll('[data-kind]'), function (a) {
        a.addEventListener('click', function (e) {
          e.preventDefault();
          H5.toast('查询中');
          H5.api('GET', '/h5/business/api/query', { kind: a.getAttribute('data-kind') }).then(function (r) {
            $('toast').style.display = 'none';
            if (r._status !== 200) { H5.say(H5.reason(r), false); return; }
            $('answerTitle').textContent = r.title;
            $('answer').textContent = r.text;
            $('answer').hidden = false;
            $('answer').setAttribute('data-kind', r.kind);
          });
        });
      });
    });
  }

  function orderPage() {
    var token = '';
    var chosen = null;
    var snapshot = false;
    status().then(function (s) {
      if (!s) { return; }
      snapshot = !!s.snapshot;
      return H5.api('GET', '/h5/business/api/catalog').then(function (c) {
        if (c._status !== 200) { H5.say(H5.reason(c), false); return; }
        token = c.formToken;
        $('orders').hidden = false;
        var list = $('packages');
        c.packages.forEach(function (p, i) {
          var label = document.createElement('label');
          label.className = 'weui-cell weui-cell_active weui-check__label';
          label.setAttribute('for', 'pkg' + i);
          var bd = document.createElement('div');
          bd.className = 'weui-cell__bd';
          var name = document.createElement('p');
          name.textContent = p.code + ' ' + p.name;
          var desc = document.createElement('p');
          desc.className = 'weui-cell__desc';
          desc.textContent = [p.description, p.amountFen > 0 ? yuan(p.amountFen) : ''].filter(Boolean).join(' · ');
          bd.appendChild(name);
          bd.appendChild(desc);
          var ft = document.createElement('div');
          ft.className = 'weui-cell__ft';
          var input = document.createElement('input');
          input.type = 'radio';
          input.name = 'pkg';
          input.className = 'weui-check';
          input.id = 'pkg' + i;
          input.value = p.code;
          input.addEventListener('change', function () { chosen = p; $('order').disabled = false; });
          var icon = document.createElement('span');
          icon.className = 'weui-icon-checked';
          ft.appendChild(input);
          ft.appendChild(icon);
          label.appendChild(bd);
          label.appendChild(ft);
          list.appendChild(label);
        });
      });
    });
    $('order').addEventListener('click', function () {
      if (!chosen) { return; }
      H5.confirm('确认办理', '为当前号码办理「' + chosen.name + '」' + (chosen.description ? '（' + chosen.description + '）' : '') + (chosen.amountFen > 0 ? '，' + yuan(chosen.amountFen) : '') + '。').then(function (ok) {
        if (!ok) { return; }
        $('order').disabled = true;
        H5.api('POST', '/h5/business/api/order', {}, { code: chosen.code, formToken: token }).then(function (r) {
          if (r._status === 200 && r.ok) {
            H5.say(r.message, true);
            $('order').textContent = '已提交';
          } else {
            H5.say(H5.reason(r), false);
            $('order').disabled = snapshot || r._status === 403;
          }
        });
      });
    });
  }

  if ($('queries')) { queryPage(); } else { orderPage(); }
})();
