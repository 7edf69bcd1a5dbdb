package org.wxplatform.business.transaction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.wxplatform.account.wechat.KfMessage;
import org.wxplatform.account.wechat.TemplateMessage;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import org.wxplatform.platform.config.Settings;

/**
 * Tells the subscriber what became of a transaction: the outcome by template message (SPEC §3.5), once;
 * that the carrier cannot take it now and the request is kept, by customer-service text, once.
 *
 * <p>"Once" is a claim in the database before the send ({@code notified} N → P) and a mark after it
 * (→ Y). A send that fails transiently goes back to N for the republish job; a node killed between
 * WeChat's acceptance and the mark leaves P, which is sent again: the one window where a subscriber
 * may get a second copy (WeChat's template API has no idempotency key).
 */
@ApplicationScoped
public class OutcomeNotifier {

    private static final Logger LOG = Logger.getLogger(OutcomeNotifier.class.getName());
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    @Inject
    TransactionStore store;

    @Inject
    WeChatClient wechat;

    private final String templateId = Settings.get("WXP_TX_TEMPLATE_ID", "wxp_tx_outcome");

    /** Sends the outcome of a finished transaction unless it was told already; true when it is told. */
    boolean tellOutcome(Transaction t) throws SQLException {
        if (!t.finished() || t.notified() == 'Y' || !store.claimNotify(t.id())) {
            return t.notified() == 'Y';
        }
        try {
            wechat.sendTemplate(t.appid(), outcomeMessage(t, templateId));
            store.markNotified(t.id(), true);
            return true;
        } catch (WeChatApiException e) {
            if (e.transientFailure()) {
                LOG.warning("outcome of transaction " + t.id() + " not told yet (retried later): " + e.getMessage());
                store.markNotified(t.id(), false);
                return false;
            }
            // the subscriber blocked the account or left: nothing more can be done, and it is recorded
            LOG.warning("outcome of transaction " + t.id() + " cannot be told: " + e.getMessage());
            store.markNotified(t.id(), true);
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warning("outcome of transaction " + t.id() + " is not a valid template message: " + e.getMessage());
            store.markNotified(t.id(), true);
            return true;
        }
    }

    /** Tells the subscriber once that the carrier cannot take the request now and it is kept. */
    void tellWaiting(Transaction t) throws SQLException {
        if (t.toldWaiting() || !store.claimToldWaiting(t.id())) {
            return;
        }
        try {
            wechat.sendCustomMessage(t.appid(), new KfMessage.Text(t.openid(), waitingText(t)));
        } catch (WeChatApiException | IllegalArgumentException e) {
            // the outcome still follows by template message; this notice is a courtesy
            LOG.warning("waiting notice of transaction " + t.id() + " not sent: " + e.getMessage());
        }
    }

    static String waitingText(Transaction t) {
        return "运营商业务系统暂时无法受理，您的“" + t.title() + "”办理请求（手机号 " + Transaction.maskedPhone(t.phone())
                + "）已为您保存，系统恢复后将自动办理，结果将通过消息通知您，请勿重复提交。";
    }

    static TemplateMessage outcomeMessage(Transaction t, String templateId) {
        Map<String, TemplateMessage.Value> data = new LinkedHashMap<>();
        boolean ok = t.state() == 'D';
        data.put("first", TemplateMessage.Value.of(ok ? "您好，您的业务已办理成功。" : "您好，您的业务未能办理成功。"));
        data.put("keyword1", TemplateMessage.Value.of(t.title()));
        data.put("keyword2", TemplateMessage.Value.of(Transaction.maskedPhone(t.phone())));
        data.put(
                "keyword3",
                new TemplateMessage.Value(
                        ok ? "办理成功" : "办理失败：" + (t.resultMessage() == null ? t.resultCode() : t.resultMessage()),
                        ok ? "#1AAD19" : "#E64340"));
        data.put("keyword4", TemplateMessage.Value.of(TIME.format(t.doneAt() == null ? t.updatedAt() : t.doneAt())));
        data.put(
                "remark",
                TemplateMessage.Value.of(
                        ok
                                ? "业务流水号 " + t.serial()
                                        + (t.carrierOrderId() == null ? "" : "，订单号 " + t.carrierOrderId())
                                : "业务流水号 " + t.serial() + "，如有疑问请回复“人工”咨询客服。"));
        return new TemplateMessage(t.openid(), templateId, null, data);
    }
}
