package org.wxplatform.sandbox.wechat.api;

/**
 * A WeChat API error answer: {@code {"errcode": n, "errmsg": "..."}} with HTTP 200, as WeChat sends it. The
 * messages are WeChat's own English texts, followed by a hint naming what was wrong where that helps.
 */
public final class ApiFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int SYSTEM_BUSY = -1;
    public static final int INVALID_CREDENTIAL = 40001;
    public static final int INVALID_GRANT_TYPE = 40002;
    public static final int INVALID_OPENID = 40003;
    public static final int INVALID_MEDIA_TYPE = 40004;
    public static final int INVALID_FILE_TYPE = 40005;
    public static final int INVALID_MEDIA_ID = 40007;
    public static final int INVALID_MESSAGE_TYPE = 40008;
    public static final int INVALID_IMAGE_SIZE = 40009;
    public static final int INVALID_VOICE_SIZE = 40010;
    public static final int INVALID_VIDEO_SIZE = 40011;
    public static final int INVALID_THUMB_SIZE = 40012;
    public static final int INVALID_APPID = 40013;
    public static final int INVALID_ACCESS_TOKEN = 40014;
    public static final int INVALID_BUTTON_SIZE = 40016;
    public static final int INVALID_BUTTON_TYPE = 40017;
    public static final int INVALID_BUTTON_NAME_SIZE = 40018;
    public static final int INVALID_BUTTON_KEY_SIZE = 40019;
    public static final int INVALID_BUTTON_URL_SIZE = 40020;
    public static final int INVALID_SUB_BUTTON_SIZE = 40023;
    public static final int INVALID_SUB_BUTTON_TYPE = 40024;
    public static final int INVALID_SUB_BUTTON_NAME_SIZE = 40025;
    public static final int INVALID_SUB_BUTTON_KEY_SIZE = 40026;
    public static final int INVALID_SUB_BUTTON_URL_SIZE = 40027;
    public static final int INVALID_CODE = 40029;
    public static final int INVALID_OPENID_LIST_SIZE = 40032;
    public static final int INVALID_TEMPLATE_ID = 40037;
    public static final int INVALID_ACTION_INFO = 40053;
    public static final int INVALID_SUB_BUTTON_URL_DOMAIN = 40054;
    public static final int INVALID_BUTTON_URL_DOMAIN = 40055;
    public static final int INVALID_ARGS = 40097;
    public static final int INVALID_APPSECRET = 40125;
    public static final int CODE_BEEN_USED = 40163;
    public static final int ACCESS_TOKEN_MISSING = 41001;
    public static final int MEDIA_DATA_MISSING = 41005;
    public static final int ACCESS_TOKEN_EXPIRED = 42001;
    public static final int REQUIRE_SUBSCRIBE = 43004;
    public static final int EMPTY_POST_DATA = 44002;
    public static final int EMPTY_NEWS_DATA = 44003;
    public static final int EMPTY_CONTENT = 44004;
    public static final int ARTICLE_SIZE_OUT_OF_LIMIT = 45008;
    public static final int API_FREQ_OUT_OF_LIMIT = 45009;
    public static final int RESPONSE_OUT_OF_TIME_LIMIT = 45015;
    public static final int OUT_OF_RESPONSE_COUNT_LIMIT = 45047;
    public static final int TOO_MANY_TAGS = 45056;
    public static final int TOO_MANY_TAGS_OF_USER = 45059;
    public static final int INVALID_TAG_NAME = 45157;
    public static final int TAG_NAME_TOO_LONG = 45158;
    public static final int INVALID_TAG_ID = 45159;
    public static final int MENU_NO_EXIST = 46003;
    public static final int DATA_FORMAT_ERROR = 47001;
    public static final int API_UNAUTHORIZED = 48001;
    public static final int OPENID_NOT_OF_APPID = 49003;

    private final int errcode;

    public ApiFailure(int errcode, String errmsg) {
        super(errmsg);
        this.errcode = errcode;
    }

    /** WeChat's message for a code, for the errcodes the control endpoint can inject. */
    public static ApiFailure injected(int errcode) {
        return new ApiFailure(errcode, standardMessage(errcode) + " (injected by the sandbox)");
    }

    static String standardMessage(int errcode) {
        switch (errcode) {
            case SYSTEM_BUSY:
                return "system error";
            case INVALID_CREDENTIAL:
                return "invalid credential, access_token is invalid or not latest";
            case INVALID_ACCESS_TOKEN:
                return "invalid access_token";
            case ACCESS_TOKEN_EXPIRED:
                return "access_token expired";
            case API_FREQ_OUT_OF_LIMIT:
                return "reach max api daily quota limit";
            case RESPONSE_OUT_OF_TIME_LIMIT:
                return "response out of time limit or subscription is canceled";
            case OUT_OF_RESPONSE_COUNT_LIMIT:
                return "out of response count limit";
            default:
                return "error " + errcode;
        }
    }

    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return getMessage();
    }
}
