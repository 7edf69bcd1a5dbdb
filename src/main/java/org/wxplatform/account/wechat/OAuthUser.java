package org.wxplatform.account.wechat;

import java.util.List;

/** A user's profile from {@code /sns/userinfo} (scope {@code snsapi_userinfo}). */
public record OAuthUser(
        String openid,
        String nickname,
        int sex,
        String province,
        String city,
        String country,
        String headImgUrl,
        List<String> privilege,
        String unionid) {}
