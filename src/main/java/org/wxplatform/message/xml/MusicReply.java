package org.wxplatform.message.xml;

/**
 * A music reply. Only the thumbnail is required by WeChat.
 *
 * @param title optional
 * @param description optional
 * @param musicUrl optional
 * @param hqMusicUrl optional; WeChat prefers it on Wi-Fi
 * @param thumbMediaId the id of an uploaded thumbnail
 */
public record MusicReply(String title, String description, String musicUrl, String hqMusicUrl, String thumbMediaId)
        implements Reply {

    public MusicReply {
        title = Checks.optional(title);
        description = Checks.optional(description);
        musicUrl = Checks.optional(musicUrl);
        hqMusicUrl = Checks.optional(hqMusicUrl);
        Checks.nonBlank(thumbMediaId, "thumbMediaId");
    }
}
