package org.wxplatform.account.wechat;

/** The kinds of temporary media ({@code /cgi-bin/media/upload?type=}) with WeChat's size limits. */
public enum MediaType {
    IMAGE("image", 10L << 20),
    VOICE("voice", 2L << 20),
    VIDEO("video", 10L << 20),
    THUMB("thumb", 64L << 10);

    private final String wire;
    private final long maxBytes;

    MediaType(String wire, long maxBytes) {
        this.wire = wire;
        this.maxBytes = maxBytes;
    }

    public String wire() {
        return wire;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
