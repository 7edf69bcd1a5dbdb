package org.wxplatform.account.wechat;

import jakarta.json.JsonObject;

/**
 * A subscriber as {@code /cgi-bin/user/info} describes them. WeChat no longer returns nickname, sex,
 * place and head image for new calls (they come back empty); they are kept when present.
 *
 * @param subscribed false when the user has unsubscribed (then only openid and unionid are known)
 * @param subscribeTime seconds since the epoch, 0 when unknown
 */
public record WeChatUser(
        String openid,
        boolean subscribed,
        String nickname,
        int sex,
        String language,
        String city,
        String province,
        String country,
        String headImgUrl,
        long subscribeTime,
        String unionid,
        String remark,
        String subscribeScene,
        String qrScene,
        String qrSceneStr) {

    static WeChatUser fromJson(JsonObject o, String path) throws WeChatApiException {
        return new WeChatUser(
                Fields.required(o, "openid", path),
                Fields.number(o, "subscribe", 0) == 1,
                Fields.string(o, "nickname"),
                (int) Fields.number(o, "sex", 0),
                Fields.string(o, "language"),
                Fields.string(o, "city"),
                Fields.string(o, "province"),
                Fields.string(o, "country"),
                Fields.string(o, "headimgurl"),
                Fields.number(o, "subscribe_time", 0),
                Fields.string(o, "unionid"),
                Fields.string(o, "remark"),
                Fields.string(o, "subscribe_scene"),
                Fields.string(o, "qr_scene"),
                Fields.string(o, "qr_scene_str"));
    }
}
