package org.wxplatform.log.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** The daily mail as operators read it: an HTML summary in Chinese and each table as a CSV attachment. */
final class DailyMailRender {

    private DailyMailRender() {}

    static String subject(DailyFigures f) {
        return "微信公众平台日报 " + f.day();
    }

    static MimeMessage message(Session session, DailyFigures f, List<InternetAddress> to) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setRecipients(MimeMessage.RecipientType.TO, to.toArray(new InternetAddress[0]));
        m.setSubject(subject(f), "UTF-8");
        m.setSentDate(new Date());
        MimeMultipart parts = new MimeMultipart("mixed");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(html(f), "text/html; charset=UTF-8");
        parts.addBodyPart(html);
        attach(parts, "messages-by-type.csv", table(List.of("类型", "条数"), f.messagesByType()));
        MailCsv kw = new MailCsv(List.of("排名", "关键词", "次数"));
        int rank = 1;
        for (var e : f.topKeywords()) {
            kw.row(rank++, e.getKey(), e.getValue());
        }
        attach(parts, "top-keywords.csv", kw);
        attach(parts, "misses.csv", table(List.of("公众号", "未匹配条数"), f.missesByAccount()));
        MailCsv tx = new MailCsv(List.of("状态", "状态说明", "笔数"));
        f.transactionsByState()
                .forEach((state, n) -> tx.row(state, DailyFigures.TX_STATES.getOrDefault(state, state), n));
        attach(parts, "transactions-by-state.csv", tx);
        attach(parts, "alerts-by-kind.csv", table(List.of("告警类型", "次数"), f.alertsByKind()));
        attach(parts, "token-fetches.csv", table(List.of("公众号/凭证", "获取次数"), f.tokenFetches()));
        m.setContent(parts);
        m.saveChanges();
        return m;
    }

    private static MailCsv table(List<String> header, Map<String, Long> rows) {
        MailCsv csv = new MailCsv(header);
        rows.forEach((k, v) -> csv.row(k, v));
        return csv;
    }

    private static void attach(MimeMultipart parts, String name, MailCsv csv) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(csv.bytes(), "text/csv; charset=UTF-8")));
        p.setFileName(name);
        parts.addBodyPart(p);
    }

    static String html(DailyFigures f) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>")
                .append(esc(subject(f)))
                .append("</title></head><body style=\"font-family:sans-serif\">");
        h.append("<h2>").append(esc(subject(f))).append("</h2>");
        h.append("<p>统计日期：").append(f.day()).append("（北京时间 00:00-24:00）。明细见附件 CSV。</p>");
        h.append("<ul>")
                .append("<li>消息与事件：")
                .append(f.messages())
                .append(" 条</li>")
                .append("<li>未匹配关键词的文本：")
                .append(f.misses())
                .append(" 条</li>")
                .append("<li>业务办理：")
                .append(f.transactions())
                .append(" 笔</li>")
                .append("<li>告警：")
                .append(f.alerts())
                .append(" 次</li></ul>");
        section(h, "消息类型", List.of("类型", "条数"), f.messagesByType());
        h.append("<h3>热门关键词（前 ").append(DailyFigures.TOP_KEYWORDS).append("）</h3>");
        h.append(TABLE).append("<tr><th>排名</th><th>关键词</th><th>次数</th></tr>");
        int rank = 1;
        for (var e : f.topKeywords()) {
            h.append("<tr><td>")
                    .append(rank++)
                    .append("</td><td>")
                    .append(esc(e.getKey()))
                    .append("</td><td>")
                    .append(e.getValue())
                    .append("</td></tr>");
        }
        h.append("</table>");
        section(h, "未匹配的文本（按公众号）", List.of("公众号", "条数"), f.missesByAccount());
        h.append("<h3>业务办理（按状态）</h3>").append(TABLE).append("<tr><th>状态</th><th>笔数</th></tr>");
        f.transactionsByState().forEach((state, n) -> h.append("<tr><td>")
                .append(esc(DailyFigures.TX_STATES.getOrDefault(state, state)))
                .append(" (")
                .append(esc(state))
                .append(")</td><td>")
                .append(n)
                .append("</td></tr>"));
        h.append("</table>");
        section(h, "告警（按类型）", List.of("类型", "次数"), f.alertsByKind());
        section(h, "access_token / jsapi_ticket 获取次数", List.of("公众号/凭证", "次数"), f.tokenFetches());
        h.append("</body></html>");
        return h.toString();
    }

    private static final String TABLE =
            "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"" + " style=\"border-collapse:collapse\">";

    private static void section(StringBuilder h, String title, List<String> header, Map<String, Long> rows) {
        h.append("<h3>").append(esc(title)).append("</h3>").append(TABLE).append("<tr>");
        for (String c : header) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>");
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"").append(header.size()).append("\">无</td></tr>");
        }
        rows.forEach((k, v) -> h.append("<tr><td>")
                .append(esc(k))
                .append("</td><td>")
                .append(v)
                .append("</td></tr>"));
        h.append("</table>");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
