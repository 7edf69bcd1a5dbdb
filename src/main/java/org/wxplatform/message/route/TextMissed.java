package org.wxplatform.message.route;

/**
 * Fired once per text that no responder answered (it gets the miss hint): the daily mail counts them, the
 * question-frequency statistics count their texts. Fired after the exactly-once section decided the
 * message, so a WeChat retry is not counted again.
 *
 * @param appid the account
 * @param openid the subscriber
 * @param text the text as the subscriber sent it
 * @param createTime the message's CreateTime, in epoch seconds
 */
public record TextMissed(String appid, String openid, String text, long createTime) {}
