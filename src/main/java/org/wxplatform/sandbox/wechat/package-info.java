/**
 * WeChat's side of the callback protocol, for the sandbox and for tests: its own signature and AES
 * implementation ({@link org.wxplatform.sandbox.wechat.WeChatCrypto}), the inbound XML WeChat posts
 * ({@link org.wxplatform.sandbox.wechat.CallbackMessages}), a client that delivers and retries callbacks
 * and judges the answers ({@link org.wxplatform.sandbox.wechat.CallbackSimulator}) and the
 * {@code scripts/wechat-sim} command ({@link org.wxplatform.sandbox.wechat.WeChatSimCli}).
 *
 * <p>JDK only: no Jakarta API and no library, so the command runs from {@code target/classes} alone. It
 * must never use the product's code (not even its crypto): it reaches the product only over HTTP, and an
 * independent implementation is what makes it a check on the product's.
 */
package org.wxplatform.sandbox.wechat;
