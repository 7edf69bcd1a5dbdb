package org.wxplatform.business.push;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.logging.Logger;
import org.wxplatform.platform.config.Settings;

/**
 * The mail to the operator when a push is done (SPEC §6.3): its figures, through the server's mail session
 * {@code java:jboss/mail/wxp} ({@code WXP_SMTP_*}), to the address given with the push or else {@code
 * WXP_PUSH_MAIL_TO}. The subject names the push ({@code 模板消息推送完成 #id}); the body lists lines read,
 * invalid, duplicate and unbound numbers, targets, sent, failed, cancelled, resent after a doubt, and the
 * receipts: delivered, blocked, failed, still awaited.
 */
@ApplicationScoped
public class PushMail {

    private static final Logger LOG = Logger.getLogger(PushMail.class.getName());

    @Resource(lookup = "java:jboss/mail/wxp")
    Session session;

    /** The recipient of the push's mail, or null when there is none. */
    static String recipient(PushView p) {
        if (p.mailTo() != null) {
            return p.mailTo();
        }
        String fallback = Settings.get("WXP_PUSH_MAIL_TO", "").strip();
        return fallback.isEmpty() ? null : fallback;
    }

    static String subject(PushView p) {
        return "模板消息推送完成 #" + p.id() + (p.state().equals("CANCELLED") ? "（已取消）" : "");
    }

    static String body(PushView p) {
        StringBuilder b = new StringBuilder();
        b.append("推送 #")
                .append(p.id())
                .append("（公众号 ")
                .append(p.appid())
                .append("，模板 ")
                .append(p.templateId())
                .append("）已")
                .append(p.state().equals("CANCELLED") ? "取消" : "完成")
                .append("。\n\n");
        line(b, "文件行数 lines", p.lines());
        line(b, "无效号码 invalid", p.invalid());
        line(b, "重复号码 duplicates", p.duplicates());
        line(b, "未绑定号码 unbound", p.unbound());
        line(b, "发送对象 targets", p.targets());
        line(b, "已发送 sent", p.sent());
        line(b, "发送失败 failed", p.failed());
        line(b, "已取消 cancelled", p.cancelled());
        line(b, "存疑后重发 resent", p.resent());
        line(b, "送达 delivered", p.delivered());
        line(b, "用户拒收 blocked", p.blocked());
        line(b, "送达失败 receiptFailed", p.receiptFailed());
        line(b, "未收到回执 awaitingReceipt", p.awaitingReceipt());
        if (p.startedMs() != null && p.finishedMs() != null) {
            b.append("\n开始 ")
                    .append(Instant.ofEpochMilli(p.startedMs()))
                    .append("，结束 ")
                    .append(Instant.ofEpochMilli(p.finishedMs()))
                    .append('\n');
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String name, long value) {
        b.append(name).append(": ").append(value).append('\n');
    }

    /** Sends the mail; false when it could not (logged; the caller retries later). */
    boolean send(PushView p) {
        String to = recipient(p);
        if (to == null) {
            return true;
        }
        try {
            MimeMessage m = new MimeMessage(session);
            m.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(to));
            m.setSubject(subject(p), "UTF-8");
            m.setSentDate(new Date());
            m.setText(body(p), "UTF-8");
            Transport.send(m);
            return true;
        } catch (MessagingException e) {
            LOG.warning("push " + p.id() + ": mail to " + to + " not sent: " + e.getMessage());
            return false;
        }
    }
}
