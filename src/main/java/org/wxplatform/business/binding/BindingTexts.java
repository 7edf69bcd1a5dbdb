package org.wxplatform.business.binding;

/** What a subscriber reads about binding, in the chat and on the H5 page alike. */
public final class BindingTexts {

    public static final String ASK_PHONE = "请回复您要绑定的11位手机号码（回复「取消」退出）。";
    public static final String ASK_CODE_AGAIN = "请回复短信中的6位数字验证码（回复「取消」退出）。";
    public static final String CANCELLED = "已退出手机号绑定。需要时回复「绑定」重新开始。";
    public static final String NOT_BOUND = "您还没有绑定手机号。回复「绑定」绑定后即可查询和办理业务。";
    public static final String BIND_FIRST = "查询和办理业务需要先绑定手机号。回复「绑定」开始绑定。";

    private BindingTexts() {}

    public static String of(BindResult r) {
        String masked = Phones.mask(r.phone());
        switch (r.outcome()) {
            case CODE_SENT:
                return "验证码已发送至 " + masked + "，请在5分钟内回复短信中的6位验证码。";
            case BOUND:
                return "绑定成功！您的微信已与 " + masked + " 绑定。回复「0」查看可查询和办理的业务。";
            case INVALID_NUMBER:
                return "号码格式不正确，请输入11位手机号码，如 13800138000。";
            case UNKNOWN_NUMBER:
                return "号码 " + masked + " 不是本网用户，无法绑定。请检查号码后重新输入。";
            case TOO_FREQUENT:
                return "获取验证码过于频繁，请稍后再试。";
            case INVALID_CODE_FORMAT:
                return "验证码是6位数字，请检查后重新输入。";
            case WRONG_CODE:
                return "验证码不正确，您还可以尝试" + r.attemptsLeft() + "次。";
            case TOO_MANY_ATTEMPTS:
                return "验证码错误次数过多，本次验证码已失效。请回复「绑定」重新获取。";
            case NO_PENDING_CODE:
                return "验证码已过期或尚未获取，请回复「绑定」重新开始。";
            case ALREADY_BOUND:
                return "您已绑定 " + masked + "。如需更换号码，请先回复「解绑」。";
            case REFUSED:
                return "绑定未成功：" + (r.detail() == null ? "运营商拒绝了本次请求" : r.detail());
            case UNAVAILABLE:
            default:
                return "业务系统繁忙，暂时无法绑定，请稍后再试。";
        }
    }

    public static String unbound(Binding ended) {
        return "已解除与 " + ended.maskedPhone() + " 的绑定。需要时回复「绑定」重新绑定。";
    }
}
