package org.wxplatform.message.xml;

/**
 * A voice reply.
 *
 * @param mediaId the id of an uploaded voice file
 */
public record VoiceReply(String mediaId) implements Reply {

    public VoiceReply {
        Checks.nonBlank(mediaId, "mediaId");
    }
}
