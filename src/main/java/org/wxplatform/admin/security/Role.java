package org.wxplatform.admin.security;

/** Who may do what (SPEC §6.1). */
public enum Role {
    /** Reads and writes everything in the admin. */
    SUPER_ADMIN,
    /** Reads and downloads; writes nothing. */
    ADMIN,
    /** Uses the customer-service console. */
    AGENT
}
