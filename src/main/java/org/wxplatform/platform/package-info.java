/**
 * Shared infrastructure.
 */
package org.wxplatform.platform;
