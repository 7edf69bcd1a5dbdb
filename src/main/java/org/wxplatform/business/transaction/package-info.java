/**
 * Carrier transactions (SPEC §3.5, §3.6, §6.6): the intake that stores and queues a request, the
 * RabbitMQ consumers that carry it to the carrier exactly once, the outcome told by template message,
 * and the operators' re-do. Never runs a carrier call in a callback thread.
 */
package org.wxplatform.business.transaction;
