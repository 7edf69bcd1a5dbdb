package org.wxplatform.log.user;

import org.wxplatform.message.xml.InboundMessage;

/** The human-readable content of a message or event, as the user log keeps it. */
final class Contents {

    private Contents() {}

    static String of(InboundMessage m) {
        if (m instanceof InboundMessage.Text t) {
            return t.content();
        }
        if (m instanceof InboundMessage.Image i) {
            return i.picUrl() + " (media " + i.mediaId() + ")";
        }
        if (m instanceof InboundMessage.Voice v) {
            return "media " + v.mediaId() + " " + v.format()
                    + (v.recognition() == null ? "" : " 识别: " + v.recognition());
        }
        if (m instanceof InboundMessage.Video v) {
            return "media " + v.mediaId();
        }
        if (m instanceof InboundMessage.ShortVideo v) {
            return "media " + v.mediaId();
        }
        if (m instanceof InboundMessage.Location l) {
            return l.x() + "," + l.y() + " " + (l.label() == null ? "" : l.label());
        }
        if (m instanceof InboundMessage.Link l) {
            return l.title() + " " + l.url();
        }
        if (m instanceof InboundMessage.Subscribe s) {
            return s.eventKey() == null ? "" : s.eventKey();
        }
        if (m instanceof InboundMessage.Unsubscribe u) {
            return "";
        }
        if (m instanceof InboundMessage.Scan s) {
            return s.eventKey();
        }
        if (m instanceof InboundMessage.LocationEvent l) {
            return l.latitude() + "," + l.longitude() + " ±" + l.precision();
        }
        if (m instanceof InboundMessage.Click c) {
            return c.eventKey();
        }
        if (m instanceof InboundMessage.View v) {
            return v.eventKey();
        }
        if (m instanceof InboundMessage.TemplateSendJobFinish t) {
            return t.msgId() + " " + t.status();
        }
        if (m instanceof InboundMessage.MassSendJobFinish ms) {
            return ms.msgId() + " " + ms.status() + " sent " + ms.sentCount() + "/" + ms.totalCount() + " errors "
                    + ms.errorCount();
        }
        if (m instanceof InboundMessage.Unknown u) {
            return u.fields().toString();
        }
        return "";
    }
}
