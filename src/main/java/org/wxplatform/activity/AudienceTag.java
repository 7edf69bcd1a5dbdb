package org.wxplatform.activity;

/**
 * The WeChat user tag of a {@link Audience#TAG} activity: WeChat's id, which decides who takes part, and
 * the tag's name as WeChat had it when the operator chose it (shown in the admin; a later rename at WeChat
 * changes nothing here). The name is null in an operator's draft until the service has looked the id up.
 */
public record AudienceTag(long id, String name) {}
