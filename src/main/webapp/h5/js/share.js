// Sharing through WeChat's JS-SDK. The page asks the server for wx.config (the server signs the page's
// address under the configured public base, without its # part); the answer is kept on <body
// data-wx-config> whatever happens next. On iOS WeChat signs the address the page was entered with
// (H5.entryPage), elsewhere the current one. The JS-SDK file itself (jweixin) is Tencent's and carries
// no licence that allows shipping it: the WAR does not contain it and no CDN is used. Inside WeChat the
// page loads js/jweixin-1.6.0.js when the operator has placed it there; without it (any other browser)
// the page works and simply does not set the share card.
(function (w) {
  'use strict';

  function loadSdk() {
    if (w.wx || !H5.wechat) { return Promise.resolve(w.wx); }
    return new Promise(function (resolve) {
      var s = document.createElement('script');
      s.src = H5.context + '/h5/js/jweixin-1.6.0.js';
      s.onload = function () { resolve(w.wx); };
      s.onerror = function () { resolve(undefined); };
      document.head.appendChild(s);
    });
  }

  // a card's own link (a packet's, say) is shared only when it is under the signed page's origin: WeChat
  // refuses share links outside the account's JS-SDK domain
  function sameSite(link, signed) {
    if (!link) { return false; }
    try { return new URL(link).origin === new URL(signed).origin; } catch (e) { return false; }
  }

  /** Configures sharing of this page: share({title, desc, imgUrl, link}); resolves the server's config. */
  function share(card) {
    var page = H5.ios ? H5.entryPage : H5.currentPage();
    return H5.api('GET', '/h5/jssdk/config', { page: page }).then(function (cfg) {
      document.body.setAttribute('data-wx-config', JSON.stringify(cfg));
      document.body.setAttribute('data-wx-page', page);
      if (cfg._status !== 200) { return cfg; }
      return loadSdk().then(function (wx) {
        if (!wx) { document.body.setAttribute('data-wx-sdk', 'absent'); return cfg; }
        wx.config({ debug: false, appId: cfg.appId, timestamp: cfg.timestamp, nonceStr: cfg.nonceStr,
          signature: cfg.signature, jsApiList: cfg.jsApiList });
        wx.ready(function () {
          var link = sameSite(card.link, cfg.link) ? card.link : cfg.link;
          var data = { title: card.title, desc: card.desc || '', link: link, imgUrl: card.imgUrl || '' };
          wx.updateAppMessageShareData(data);
          wx.updateTimelineShareData({ title: card.title, link: link, imgUrl: card.imgUrl || '' });
          document.body.setAttribute('data-wx-sdk', 'ready');
        });
        wx.error(function (e) { document.body.setAttribute('data-wx-sdk', 'error: ' + (e && e.errMsg)); });
        return cfg;
      });
    });
  }

  w.H5Share = { share: share };
})(window);
