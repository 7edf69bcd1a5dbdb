package org.wxplatform.account.wechat;

/**
 * A template of the account's library as WeChat lists it: its id, title, the content with its fields
 * ({@code {{thing1.DATA}}}) and an example.
 */
public record PrivateTemplate(String templateId, String title, String content, String example) {}
