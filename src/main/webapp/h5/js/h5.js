// Shared by the subscriber pages: the account of the page, the entry address, JSON calls with the H5
// session (cookie) and its CSRF token, and WeUI messages. Text from the server is only ever put into the
// page as text (textContent), never as HTML.
(function (w) {
  'use strict';
  var params = new URLSearchParams(location.search);
  // The address the page was entered with, before it is cleaned: iOS WeChat keeps this one as the page's
  // address for the JS-SDK however the page changes it later (share.js signs it there).
  var entryPage = location.pathname + location.search;
  if ((params.has('code') || params.has('state')) && w.history && history.replaceState) {
    params.delete('code');
    params.delete('state');
    history.replaceState(null, '', location.pathname + '?' + params.toString() + location.hash);
  }
  var csrf = '';

  function $(id) { return document.getElementById(id); }

  /** JSON call below the page's own path (e.g. api('GET', '/h5/activity/api/view', {id: 3})). */
  function api(method, path, query, body) {
    var q = new URLSearchParams(query || {});
    q.set('appid', H5.appid);
    var opts = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.headers['X-WXP-CSRF'] = csrf;
      opts.body = JSON.stringify(body);
    }
    return fetch(H5.context + path + '?' + q.toString(), opts).then(function (r) {
      return r.text().then(function (t) {
        var j;
        try { j = t ? JSON.parse(t) : {}; } catch (e) { j = { error: '服务器返回了无法识别的内容。' }; }
        j._status = r.status;
        if (j.csrf) { csrf = j.csrf; }
        return j;
      });
    }, function () {
      return { _status: 0, error: '网络不给力，请稍后再试。' };
    });
  }

  /** The reason to show for a failed call. */
  function reason(r) {
    if (r._status === 401) { return r.error || '页面已过期，请从公众号菜单重新打开本页。'; }
    return r.error || r.message || ('请求未成功（' + r._status + '）');
  }

  /** A message in the element #msg (WeUI tips): ok green, else red. */
  function say(text, ok) {
    var m = $('msg');
    if (!m) { return; }
    m.textContent = text;
    m.className = 'wxp-msg ' + (ok ? 'wxp-msg_ok' : 'wxp-msg_err');
    m.hidden = false;
    if (m.scrollIntoView) { m.scrollIntoView({ block: 'center', behavior: 'smooth' }); }
  }

  /** A WeUI toast for a moment (done, or a short notice). */
  function toast(text) {
    var t = $('toast');
    if (!t) { return; }
    t.querySelector('.weui-toast__content').textContent = text;
    t.style.display = 'block';
    setTimeout(function () { t.style.display = 'none'; }, 1800);
  }

  /** A WeUI confirmation dialog; resolves true when the subscriber confirms. */
  function confirmDialog(title, text) {
    return new Promise(function (resolve) {
      var d = $('dialog');
      d.querySelector('.weui-dialog__title').textContent = title;
      d.querySelector('.weui-dialog__bd').textContent = text;
      d.style.display = 'block';
      function close(v) {
        d.style.display = 'none';
        ok.removeEventListener('click', yes);
        no.removeEventListener('click', nope);
        resolve(v);
      }
      var ok = d.querySelector('[data-confirm]');
      var no = d.querySelector('[data-cancel]');
      function yes(e) { e.preventDefault(); close(true); }
      function nope(e) { e.preventDefault(); close(false); }
      ok.addEventListener('click', yes);
      no.addEventListener('click', nope);
    });
  }

  var context = location.pathname.replace(/\/h5\/.*$/, '');
  var H5 = {
    appid: params.get('appid') || '',
    params: params,
    context: context,
    entryPage: entryPage,
    currentPage: function () { return location.pathname + location.search; },
    ios: /iPhone|iPad|iPod/i.test(navigator.userAgent),
    wechat: /MicroMessenger/i.test(navigator.userAgent),
    $: $,
    api: api,
    reason: reason,
    say: say,
    toast: toast,
    confirm: confirmDialog,
    setCsrf: function (t) { if (t) { csrf = t; } }
  };
  w.H5 = H5;
})(window);
