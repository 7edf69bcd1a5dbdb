package org.wxplatform.activity;

/** What subscribers read on an activity page. */
public final class ActivityTexts {

    public static final String BIND_FIRST = "本活动仅限已绑定手机号的用户参加，请先绑定手机号。";
    public static final String NOT_TAGGED = "本活动仅面向部分用户，您暂不在本次活动的参与范围内，感谢关注。";
    public static final String TRY_LATER = "暂时无法确认您的参与资格，请稍后再试。";
    public static final String SNAPSHOT = "当前是朋友圈快照页，请点击底部「使用完整服务」，或从公众号菜单打开本页后再参加。";

    private ActivityTexts() {}

    /** Why a subscriber outside the audience cannot take part (the tag's name is the operator's, never shown). */
    public static String notInAudience(Activity a) {
        return switch (a.audience()) {
            case BOUND -> BIND_FIRST;
            case TAG -> NOT_TAGGED;
            case ALL -> "";
        };
    }

    public static String closed(Activity.Phase phase) {
        return switch (phase) {
            case NOT_STARTED -> "活动尚未开始，敬请期待。";
            case ENDED -> "活动已结束，感谢您的关注。";
            case DRAFT -> "活动尚未发布。";
            case OPEN -> "活动进行中。";
        };
    }

    public static String outcome(Participation p) {
        return switch (p.outcome()) {
            case "WON" -> "恭喜您抽中「" + p.prizeName() + "」！";
            case "LOST" -> "很遗憾，这次没有抽中，感谢参与。";
            default -> "感谢参与。";
        };
    }
}
