package org.wxplatform.sandbox.wechat.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sandbox's subscribers: deterministic profiles computed from (AppId, OpenID), so every node and every
 * run shows the same nickname (Chinese, some with emoji), sex, city and avatar for a user.
 *
 * <p>OpenIDs the sandbox issues have WeChat's 28-character shape: {@code o}, six characters derived from
 * the AppId, {@code -}, twenty more ({@link #openId}). Such an OpenID presented to another account is
 * "unknown" (errcode 40003), as WeChat's OpenIDs are per account. Other OpenIDs of 1 to 64 letters, digits,
 * {@code _} or {@code -} (the callback simulator's {@code user1}, a test's {@code o_subscriber}) are taken
 * as users of whichever account names them; anything else is invalid.
 */
public final class SimulatedUsers {

    /** How many users each account's roster lists. */
    public static final int ROSTER = 5;

    private static final Pattern OPENID = Pattern.compile("[0-9A-Za-z_\\-]{1,64}");
    private static final Pattern ISSUED = Pattern.compile("o([0-9A-Za-z]{6})-[0-9A-Za-z]{20}");
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String[] NICKNAMES = {
        "小明", "阿花🌸", "老王", "晴天☀️", "张三丰", "Lily 李", "快乐的鱼🐟", "石头", "程序猿👨‍💻", "糖糖🍬", "北京大爷", "Kevin"
    };
    private static final String[][] CITIES = {
        {"广东", "广州"}, {"广东", "深圳"}, {"北京", "朝阳"}, {"上海", "浦东新区"}, {"浙江", "杭州"}, {"四川", "成都"}, {"湖北", "武汉"}
    };

    private SimulatedUsers() {}

    /** A simulated user's profile. {@code sex}: 1 male, 2 female, 0 unknown. */
    public record Profile(
            String openId,
            String nickname,
            int sex,
            String province,
            String city,
            String country,
            String headImgUrl,
            long subscribeTime) {}

    /** The {@code n}-th OpenID the sandbox issues for the account (n from 0). */
    public static String openId(String appId, int n) {
        byte[] tag = sha1("tag:" + appId);
        byte[] body = sha1("user:" + appId + ":" + n);
        StringBuilder out = new StringBuilder("o");
        for (int i = 0; i < 6; i++) {
            out.append(ALPHABET.charAt((tag[i] & 0xff) % ALPHABET.length()));
        }
        out.append('-');
        for (int i = 0; i < 20; i++) {
            out.append(ALPHABET.charAt((body[i] & 0xff) % ALPHABET.length()));
        }
        return out.toString();
    }

    /** The account's roster: the first {@link #ROSTER} issued OpenIDs. */
    public static List<String> roster(String appId) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ROSTER; i++) {
            out.add(openId(appId, i));
        }
        return out;
    }

    /** Whether {@code openId} is a user of the account (see the class comment). */
    public static boolean known(String appId, String openId) {
        if (openId == null || !OPENID.matcher(openId).matches()) {
            return false;
        }
        var issued = ISSUED.matcher(openId);
        return !issued.matches() || openId(appId, 0).substring(1, 7).equals(issued.group(1));
    }

    /** Whether {@code openId} has the shape of an OpenID the sandbox issued to another account. */
    public static boolean foreign(String appId, String openId) {
        if (openId == null) {
            return false;
        }
        var issued = ISSUED.matcher(openId);
        return issued.matches() && !openId(appId, 0).substring(1, 7).equals(issued.group(1));
    }

    /** The user's profile; the caller checks {@link #known} first. */
    public static Profile profile(String appId, String openId) {
        byte[] h = sha1("profile:" + appId + ":" + openId);
        String[] city = CITIES[(h[2] & 0xff) % CITIES.length];
        int sex = (h[1] & 0xff) % 3;
        return new Profile(
                openId,
                NICKNAMES[(h[0] & 0xff) % NICKNAMES.length],
                sex == 0 ? 1 : sex == 1 ? 2 : 0,
                city[0],
                city[1],
                "中国",
                "/sandbox/wechat/users/" + appId + "/" + openId + "/avatar.svg",
                1_600_000_000L + ((h[3] & 0xffL) << 16 | (h[4] & 0xffL) << 8 | (h[5] & 0xffL)) * 10);
    }

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
