package org.wxplatform.customerservice.agent;

/**
 * Fired once per subscriber text that a human may have to answer: a text in a chat session with the
 * agents. The question-frequency statistics count it (with the misses of the auto-reply).
 *
 * @param appid the account
 * @param openid the subscriber
 * @param text the text as the subscriber sent it
 * @param createTime the message's CreateTime, in epoch seconds
 */
public record QuestionAsked(String appid, String openid, String text, long createTime) {}
