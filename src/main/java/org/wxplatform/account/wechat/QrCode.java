package org.wxplatform.account.wechat;

/**
 * A parametric QR code: scanning it subscribes (or, for subscribers, sends SCAN) with its scene.
 *
 * @param expireSeconds 0 for a permanent code
 * @param imageUrl where its image is ({@code /cgi-bin/showqrcode?ticket=})
 */
public record QrCode(String ticket, long expireSeconds, String url, String imageUrl) {}
