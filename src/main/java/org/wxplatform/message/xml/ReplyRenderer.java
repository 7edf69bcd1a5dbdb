package org.wxplatform.message.xml;

/**
 * Renders passive replies from one fixed template per reply type (the formats of WeChat's "passive reply"
 * documentation), filled with escaped data.
 *
 * <p>Guarantees: every value is written inside CDATA with {@code "]]>"} split as
 * {@code ]]]]><![CDATA[>}, so no value can change the document's structure; emoji and any other Unicode
 * that XML can carry are kept (characters XML 1.0 forbids are dropped); optional values that are null are
 * left out; a news reply carries {@code ArticleCount} equal to its number of {@code <item>}s (1..10).
 * {@link NoReply} renders as the bare body {@code success}. For every reply {@code r},
 * {@code ReplyParser.parse(render(r))} gives {@code r} back.
 *
 * <p>Thread-safe (stateless).
 */
public final class ReplyRenderer {

    private static final String HEADER = "<xml><ToUserName><![CDATA[{{ToUserName}}]]></ToUserName>"
            + "<FromUserName><![CDATA[{{FromUserName}}]]></FromUserName>"
            + "<CreateTime>{{CreateTime}}</CreateTime>";

    private static final XmlTemplate TEXT = XmlTemplate.compile(
            HEADER + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{{Content}}]]></Content></xml>");
    private static final XmlTemplate IMAGE = XmlTemplate.compile(HEADER
            + "<MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[{{MediaId}}]]></MediaId></Image></xml>");
    private static final XmlTemplate VOICE = XmlTemplate.compile(HEADER
            + "<MsgType><![CDATA[voice]]></MsgType><Voice><MediaId><![CDATA[{{MediaId}}]]></MediaId></Voice></xml>");
    private static final XmlTemplate VIDEO = XmlTemplate.compile(HEADER
            + "<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[{{MediaId}}]]></MediaId>"
            + "{{?Title}}{{?Description}}</Video></xml>");
    private static final XmlTemplate MUSIC = XmlTemplate.compile(HEADER
            + "<MsgType><![CDATA[music]]></MsgType><Music>{{?Title}}{{?Description}}{{?MusicUrl}}{{?HQMusicUrl}}"
            + "<ThumbMediaId><![CDATA[{{ThumbMediaId}}]]></ThumbMediaId></Music></xml>");
    private static final XmlTemplate NEWS = XmlTemplate.compile(HEADER
            + "<MsgType><![CDATA[news]]></MsgType><ArticleCount>{{ArticleCount}}</ArticleCount>"
            + "<Articles>{{&Items}}</Articles></xml>");
    private static final XmlTemplate NEWS_ITEM =
            XmlTemplate.compile("<item><Title><![CDATA[{{Title}}]]></Title>{{?Description}}{{?PicUrl}}{{?Url}}</item>");
    private static final XmlTemplate TRANSFER = XmlTemplate.compile(
            HEADER + "<MsgType><![CDATA[transfer_customer_service]]></MsgType>{{&TransInfo}}</xml>");
    private static final XmlTemplate TRANS_INFO =
            XmlTemplate.compile("<TransInfo><KfAccount><![CDATA[{{KfAccount}}]]></KfAccount></TransInfo>");

    private ReplyRenderer() {}

    /** The body answering {@code message} with {@code reply}: addressed back to the sender. */
    public static String renderFor(InboundMessage message, Reply reply, long createTime) {
        return render(AddressedReply.to(message, reply, createTime));
    }

    /** The body for {@code reply}; {@code success} for {@link NoReply}. */
    public static String render(AddressedReply addressed) {
        Reply reply = addressed.reply();
        if (reply instanceof NoReply) {
            return NoReply.BODY;
        }
        XmlTemplate.Values v = XmlTemplate.values()
                .put("ToUserName", addressed.toUserName())
                .put("FromUserName", addressed.fromUserName())
                .put("CreateTime", addressed.createTime());
        if (reply instanceof TextReply r) {
            return TEXT.render(v.put("Content", r.content()));
        } else if (reply instanceof ImageReply r) {
            return IMAGE.render(v.put("MediaId", r.mediaId()));
        } else if (reply instanceof VoiceReply r) {
            return VOICE.render(v.put("MediaId", r.mediaId()));
        } else if (reply instanceof VideoReply r) {
            return VIDEO.render(
                    v.put("MediaId", r.mediaId()).put("Title", r.title()).put("Description", r.description()));
        } else if (reply instanceof MusicReply r) {
            return MUSIC.render(v.put("Title", r.title())
                    .put("Description", r.description())
                    .put("MusicUrl", r.musicUrl())
                    .put("HQMusicUrl", r.hqMusicUrl())
                    .put("ThumbMediaId", r.thumbMediaId()));
        } else if (reply instanceof NewsReply r) {
            StringBuilder items = new StringBuilder();
            for (NewsReply.Article article : r.articles()) {
                items.append(NEWS_ITEM.render(XmlTemplate.values()
                        .put("Title", article.title())
                        .put("Description", article.description())
                        .put("PicUrl", article.picUrl())
                        .put("Url", article.url())));
            }
            return NEWS.render(v.put("ArticleCount", r.articles().size())
                    .put("Items", new XmlTemplate.Fragment(items.toString())));
        } else if (reply instanceof TransferCustomerService r) {
            XmlTemplate.Fragment transInfo = r.kfAccount() == null
                    ? XmlTemplate.Fragment.EMPTY
                    : TRANS_INFO.fragment(XmlTemplate.values().put("KfAccount", r.kfAccount()));
            return TRANSFER.render(v.put("TransInfo", transInfo));
        }
        throw new IllegalStateException(
                "unhandled reply type " + reply.getClass().getName());
    }
}
