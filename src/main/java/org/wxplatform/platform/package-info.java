/**
 * Shared infrastructure: configuration, the Redis pool, the RabbitMQ connection and confirmed
 * publishing, the clustered Quartz scheduler, schema migration, {@code /health}, REST error mapping.
 *
 * <p>It must not know any module: modules observe its CDI events ({@code PlatformStarted},
 * {@code RabbitTopology}) and declare their own queues, jobs and tables ({@code ArchitectureTest}
 * checks this).
 */
package org.wxplatform.platform;
