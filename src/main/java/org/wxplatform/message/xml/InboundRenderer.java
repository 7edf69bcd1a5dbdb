package org.wxplatform.message.xml;

import java.util.Map;

/**
 * Renders an {@link InboundMessage} as WeChat sends it in a plaintext callback: the XML a WeChat simulator
 * posts and tests feed to the endpoint.
 *
 * <p>Layout follows the official samples: strings in CDATA, numbers ({@code CreateTime}, {@code MsgId},
 * coordinates, counts) as plain text, optional fields omitted when null. Events that carry a message id use
 * WeChat's spelling {@code MsgID}. For every message {@code m},
 * {@code new InboundParser().parse(render(m)).equals(m)}.
 */
public final class InboundRenderer {

    private static final String HEADER = "<xml><ToUserName><![CDATA[{{ToUserName}}]]></ToUserName>"
            + "<FromUserName><![CDATA[{{FromUserName}}]]></FromUserName>"
            + "<CreateTime>{{CreateTime}}</CreateTime>"
            + "<MsgType><![CDATA[{{MsgType}}]]></MsgType>";
    private static final String EVENT_HEADER = HEADER + "<Event><![CDATA[{{Event}}]]></Event>";
    private static final String MSG_ID = "<MsgId>{{MsgId}}</MsgId></xml>";

    private static final XmlTemplate TEXT =
            XmlTemplate.compile(HEADER + "<Content><![CDATA[{{Content}}]]></Content>" + MSG_ID);
    private static final XmlTemplate IMAGE = XmlTemplate.compile(
            HEADER + "<PicUrl><![CDATA[{{PicUrl}}]]></PicUrl><MediaId><![CDATA[{{MediaId}}]]></MediaId>" + MSG_ID);
    private static final XmlTemplate VOICE = XmlTemplate.compile(HEADER
            + "<MediaId><![CDATA[{{MediaId}}]]></MediaId><Format><![CDATA[{{Format}}]]></Format>{{?Recognition}}"
            + MSG_ID);
    private static final XmlTemplate VIDEO = XmlTemplate.compile(HEADER
            + "<MediaId><![CDATA[{{MediaId}}]]></MediaId><ThumbMediaId><![CDATA[{{ThumbMediaId}}]]></ThumbMediaId>"
            + MSG_ID);
    private static final XmlTemplate LOCATION = XmlTemplate.compile(HEADER
            + "<Location_X>{{Location_X}}</Location_X><Location_Y>{{Location_Y}}</Location_Y>"
            + "<Scale>{{Scale}}</Scale><Label><![CDATA[{{Label}}]]></Label>" + MSG_ID);
    private static final XmlTemplate LINK = XmlTemplate.compile(HEADER
            + "<Title><![CDATA[{{Title}}]]></Title><Description><![CDATA[{{Description}}]]></Description>"
            + "<Url><![CDATA[{{Url}}]]></Url>" + MSG_ID);

    private static final XmlTemplate SUBSCRIBE = XmlTemplate.compile(EVENT_HEADER + "{{?EventKey}}{{?Ticket}}</xml>");
    private static final XmlTemplate UNSUBSCRIBE = XmlTemplate.compile(EVENT_HEADER + "</xml>");
    private static final XmlTemplate SCAN =
            XmlTemplate.compile(EVENT_HEADER + "<EventKey><![CDATA[{{EventKey}}]]></EventKey>{{?Ticket}}</xml>");
    private static final XmlTemplate LOCATION_EVENT = XmlTemplate.compile(EVENT_HEADER
            + "<Latitude>{{Latitude}}</Latitude><Longitude>{{Longitude}}</Longitude>"
            + "<Precision>{{Precision}}</Precision></xml>");
    private static final XmlTemplate CLICK =
            XmlTemplate.compile(EVENT_HEADER + "<EventKey><![CDATA[{{EventKey}}]]></EventKey></xml>");
    private static final XmlTemplate VIEW =
            XmlTemplate.compile(EVENT_HEADER + "<EventKey><![CDATA[{{EventKey}}]]></EventKey>{{?MenuId}}</xml>");
    private static final XmlTemplate TEMPLATE_SEND_JOB_FINISH =
            XmlTemplate.compile(EVENT_HEADER + "<MsgID>{{MsgID}}</MsgID><Status><![CDATA[{{Status}}]]></Status></xml>");
    private static final XmlTemplate MASS_SEND_JOB_FINISH = XmlTemplate.compile(EVENT_HEADER
            + "<MsgID>{{MsgID}}</MsgID><Status><![CDATA[{{Status}}]]></Status>"
            + "<TotalCount>{{TotalCount}}</TotalCount><FilterCount>{{FilterCount}}</FilterCount>"
            + "<SentCount>{{SentCount}}</SentCount><ErrorCount>{{ErrorCount}}</ErrorCount></xml>");

    private static final XmlTemplate UNKNOWN = XmlTemplate.compile(HEADER + "{{?Event}}{{&Fields}}</xml>");
    private static final XmlTemplate FIELD = XmlTemplate.compile("{{&Open}}<![CDATA[{{Value}}]]>{{&Close}}");

    private InboundRenderer() {}

    /** The callback XML for {@code message}. */
    public static String render(InboundMessage message) {
        XmlTemplate.Values v = XmlTemplate.values()
                .put("ToUserName", message.toUserName())
                .put("FromUserName", message.fromUserName())
                .put("CreateTime", message.createTime())
                .put("MsgType", message.msgType());
        if (message instanceof InboundMessage.Event event) {
            v.put("Event", event.event());
        }
        if (message instanceof InboundMessage.UserMessage userMessage) {
            v.put("MsgId", userMessage.msgId());
        }
        if (message instanceof InboundMessage.Text m) {
            return TEXT.render(v.put("Content", m.content()));
        } else if (message instanceof InboundMessage.Image m) {
            return IMAGE.render(v.put("PicUrl", m.picUrl()).put("MediaId", m.mediaId()));
        } else if (message instanceof InboundMessage.Voice m) {
            return VOICE.render(
                    v.put("MediaId", m.mediaId()).put("Format", m.format()).put("Recognition", m.recognition()));
        } else if (message instanceof InboundMessage.Video m) {
            return VIDEO.render(v.put("MediaId", m.mediaId()).put("ThumbMediaId", m.thumbMediaId()));
        } else if (message instanceof InboundMessage.ShortVideo m) {
            return VIDEO.render(v.put("MediaId", m.mediaId()).put("ThumbMediaId", m.thumbMediaId()));
        } else if (message instanceof InboundMessage.Location m) {
            return LOCATION.render(v.put("Location_X", m.x())
                    .put("Location_Y", m.y())
                    .put("Scale", m.scale())
                    .put("Label", m.label()));
        } else if (message instanceof InboundMessage.Link m) {
            return LINK.render(v.put("Title", m.title())
                    .put("Description", m.description())
                    .put("Url", m.url()));
        } else if (message instanceof InboundMessage.Subscribe m) {
            return SUBSCRIBE.render(v.put("EventKey", m.eventKey()).put("Ticket", m.ticket()));
        } else if (message instanceof InboundMessage.Unsubscribe) {
            return UNSUBSCRIBE.render(v);
        } else if (message instanceof InboundMessage.Scan m) {
            return SCAN.render(v.put("EventKey", m.eventKey()).put("Ticket", m.ticket()));
        } else if (message instanceof InboundMessage.LocationEvent m) {
            return LOCATION_EVENT.render(v.put("Latitude", m.latitude())
                    .put("Longitude", m.longitude())
                    .put("Precision", m.precision()));
        } else if (message instanceof InboundMessage.Click m) {
            return CLICK.render(v.put("EventKey", m.eventKey()));
        } else if (message instanceof InboundMessage.View m) {
            return VIEW.render(v.put("EventKey", m.eventKey()).put("MenuId", m.menuId()));
        } else if (message instanceof InboundMessage.TemplateSendJobFinish m) {
            return TEMPLATE_SEND_JOB_FINISH.render(v.put("MsgID", m.msgId()).put("Status", m.status()));
        } else if (message instanceof InboundMessage.MassSendJobFinish m) {
            return MASS_SEND_JOB_FINISH.render(v.put("MsgID", m.msgId())
                    .put("Status", m.status())
                    .put("TotalCount", m.totalCount())
                    .put("FilterCount", m.filterCount())
                    .put("SentCount", m.sentCount())
                    .put("ErrorCount", m.errorCount()));
        } else if (message instanceof InboundMessage.Unknown m) {
            return UNKNOWN.render(v.put("Event", m.event()).put("Fields", fields(m.fields())));
        }
        throw new IllegalStateException(
                "unhandled message type " + message.getClass().getName());
    }

    private static XmlTemplate.Fragment fields(Map<String, String> fields) {
        StringBuilder xml = new StringBuilder();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            // Names were checked to be simple XML names when the Unknown was built.
            xml.append(FIELD.render(XmlTemplate.values()
                    .put("Open", new XmlTemplate.Fragment("<" + field.getKey() + ">"))
                    .put("Value", field.getValue())
                    .put("Close", new XmlTemplate.Fragment("</" + field.getKey() + ">"))));
        }
        return new XmlTemplate.Fragment(xml.toString());
    }
}
