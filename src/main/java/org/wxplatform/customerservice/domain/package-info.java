/**
 * The auto-reply's stored model (entities of the {@code cs_} tables) and its matching rule.
 *
 * <p>Entities here never leave the module: {@link org.wxplatform.customerservice.AutoReplyService} hands
 * out records. Never build a regular expression from a keyword: matching is literal.
 */
package org.wxplatform.customerservice.domain;
