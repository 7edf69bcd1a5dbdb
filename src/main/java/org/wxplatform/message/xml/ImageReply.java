package org.wxplatform.message.xml;

/**
 * An image reply.
 *
 * @param mediaId the id of an uploaded image
 */
public record ImageReply(String mediaId) implements Reply {

    public ImageReply {
        Checks.nonBlank(mediaId, "mediaId");
    }
}
