package org.wxplatform.platform;

/**
 * Fired once per node at start-up, after the schema is migrated and the scheduler runs: modules
 * observe it to create their first data and register their scheduled jobs.
 */
public record PlatformStarted(String nodeName) {}
