package org.wxplatform.message.xml;

/**
 * A video reply.
 *
 * @param mediaId the id of an uploaded video
 * @param title optional, null when absent
 * @param description optional, null when absent
 */
public record VideoReply(String mediaId, String title, String description) implements Reply {

    public VideoReply {
        Checks.nonBlank(mediaId, "mediaId");
        title = Checks.optional(title);
        description = Checks.optional(description);
    }
}
