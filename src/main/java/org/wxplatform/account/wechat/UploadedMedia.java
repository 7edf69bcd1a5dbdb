package org.wxplatform.account.wechat;

/** A temporary media file WeChat keeps for three days: send it by {@code mediaId}. */
public record UploadedMedia(MediaType type, String mediaId, long createdAt) {}
