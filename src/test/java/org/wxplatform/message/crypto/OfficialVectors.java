package org.wxplatform.message.crypto;

/**
 * Test vectors published by WeChat, copied verbatim. Sources:
 * <ul>
 *   <li>{@code JAVA_*}: the official Java sample's {@code WXBizMsgCryptTest} ({@code testAesEncrypt},
 *       {@code testAesEncrypt2}; also in WxJava's {@code WxCryptUtilTest}).
 *   <li>{@code PY_SAMPLE_*}: the official Python sample {@code Sample.py} (decrypt example).
 *   <li>{@code CPP_SAMPLE_*}: the official C++ sample {@code Sample.cpp} (decrypt example).
 *   <li>{@code WECOM_*}: the official Java sample's {@code testVerifyUrl} (the enterprise variant of the same
 *       algorithm, where the AppId position holds the CorpID).
 *   <li>{@code DOC_*}: the WeChat Open Platform documentation, "消息推送", worked example.
 * </ul>
 */
final class OfficialVectors {

    private OfficialVectors() {}

    static final String JAVA_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String JAVA_TOKEN = "pamtest";
    static final String JAVA_TIMESTAMP = "1409304348";
    static final String JAVA_NONCE = "xxxxxx";
    static final String JAVA_APPID = "wxb11529c136998cb6";
    static final String JAVA_RANDOM = "aaaabbbbccccdddd";
    static final String JAVA_REPLY_1 = "我是中文abcd123";
    static final String JAVA_CIPHER_1 =
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
    static final String JAVA_REPLY_2 = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName>"
            + "<FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime>"
            + "<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId>"
            + "<Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description>"
            + "</Video></xml>";
    static final String JAVA_CIPHER_2 =
            "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb";

    static final String PY_SAMPLE_TOKEN = "spamtest";
    static final String PY_SAMPLE_APPID = "wx2c2769f8efd9abc2";
    static final String PY_SAMPLE_TIMESTAMP = "1409735669";
    static final String PY_SAMPLE_NONCE = "1320562132";
    static final String PY_SAMPLE_MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
    static final String PY_SAMPLE_ENCRYPT =
            "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";

    static final String CPP_SAMPLE_TIMESTAMP = "1410349438";
    static final String CPP_SAMPLE_NONCE = "298025754";
    static final String CPP_SAMPLE_MSG_SIGNATURE = "003fee52ecc56afb46c00b5c7721be87860ce785";
    static final String CPP_SAMPLE_ENCRYPT = "mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw"
            + "0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/"
            + "WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTu"
            + "spAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2Yq"
            + "yzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI"
            + "7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtu"
            + "uA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVl"
            + "wzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4=";

    static final String WECOM_TOKEN = "QDG6eK";
    static final String WECOM_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String WECOM_RECEIVE_ID = "wx5823bf96d3bd56c7";
    static final String WECOM_MSG_SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
    static final String WECOM_TIMESTAMP = "1409659589";
    static final String WECOM_NONCE = "263014780";
    static final String WECOM_ECHOSTR =
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

    static final String DOC_TOKEN = "AAAAA";
    static final String DOC_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    static final String DOC_APPID = "wx134c8103faa5a59e";
    static final String DOC_PUSH_TIMESTAMP = "1715943329";
    static final String DOC_PUSH_NONCE = "1590219412";
    static final String DOC_PUSH_MSG_SIGNATURE = "6c12a4205838198b8fa631b3220723bb07f1015c";
    static final String DOC_PUSH_ENCRYPT =
            "D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==";
    /** The decrypted push: the documentation gives msg_len = 292 and this text. */
    static final String DOC_PUSH_PLAINTEXT = "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n"
            + "<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n"
            + "<CreateTime>1715943329</CreateTime>\n"
            + "<MsgType><![CDATA[event]]></MsgType>\n"
            + "<Event><![CDATA[debug_demo]]></Event>\n"
            + "<debug_str><![CDATA[hello world]]></debug_str>\n"
            + "</xml>";

    static final int DOC_PUSH_MSG_LEN = 292;
    static final String DOC_REPLY_RANDOM = "999951349e8ee746";
    static final String DOC_REPLY_PLAINTEXT = "<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>";
    static final String DOC_REPLY_TIMESTAMP = "1713424427";
    static final String DOC_REPLY_NONCE = "415670741";
    static final String DOC_REPLY_MSG_SIGNATURE = "03e0812039325c2712ef5f0f980fd14c70d6e307";
    static final String DOC_REPLY_ENCRYPT =
            "hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7";
}
