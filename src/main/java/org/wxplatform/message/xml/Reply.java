package org.wxplatform.message.xml;

/**
 * A passive reply: what the callback answers within WeChat's 5 seconds.
 *
 * <p>The set is closed: {@link TextReply}, {@link ImageReply}, {@link VoiceReply}, {@link VideoReply},
 * {@link MusicReply}, {@link NewsReply}, {@link TransferCustomerService}, and {@link NoReply} (the body
 * {@code success}: WeChat shows nothing and does not retry). The records validate on construction, so every
 * instance renders to XML that WeChat accepts.
 */
public sealed interface Reply
        permits TextReply, ImageReply, VoiceReply, VideoReply, MusicReply, NewsReply, TransferCustomerService, NoReply {

    /** No reply: answer {@code success}. */
    static NoReply none() {
        return NoReply.INSTANCE;
    }
}
