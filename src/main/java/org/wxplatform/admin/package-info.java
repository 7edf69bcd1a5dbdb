/**
 * The admin backend (SPEC §6): admin pages, the admin REST API under {@code /api/admin}, sign-in and
 * the roles SUPER_ADMIN (read and write), ADMIN (read and download) and AGENT (console).
 *
 * <p>It calls other modules' application services only: it must not touch their entities' tables,
 * Redis keys or queues, and it never returns an entity as a payload (views are records here).
 */
package org.wxplatform.admin;
