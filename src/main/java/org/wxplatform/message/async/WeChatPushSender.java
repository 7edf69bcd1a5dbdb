package org.wxplatform.message.async;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.wxplatform.account.wechat.Article;
import org.wxplatform.account.wechat.KfMessage;
import org.wxplatform.account.wechat.UnreachableException;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;

/** Pushes through WeChat's customer-service message API, with the client's typed failures. */
@ApplicationScoped
public class WeChatPushSender implements PushSender {

    @Inject
    WeChatClient client;

    @Override
    public void send(String appid, String openid, Push push) throws PushFailed {
        KfMessage message;
        if (push instanceof Push.Text t) {
            message = new KfMessage.Text(openid, t.content());
        } else if (push instanceof Push.News n) {
            message = new KfMessage.News(
                    openid,
                    List.of(new Article(
                            n.title(), n.description(), n.url(), n.picUrl().isEmpty() ? null : n.picUrl())));
        } else if (push instanceof Push.Image i) {
            message = new KfMessage.Image(openid, i.mediaId());
        } else {
            throw new PushFailed("unknown push " + push, false, null);
        }
        try {
            client.sendCustomMessage(appid, message);
        } catch (WeChatApiException e) {
            throw new PushFailed(
                    e.getMessage(), e.transientFailure(), e instanceof UnreachableException u && u.mayHaveArrived(), e);
        } catch (IllegalArgumentException e) {
            throw new PushFailed("not a valid customer-service message: " + e.getMessage(), false, e);
        }
    }
}
