package org.wxplatform.admin.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who signs in to the admin pages, the admin API or the agent console. */
@Entity
@Table(name = "admin_user")
public class AdminUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    /** A PBKDF2 hash in the format of Jakarta Security's Pbkdf2PasswordHash; never the password. */
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /**
     * The one form of a username that everything keys on (lookup, sign-in throttle, sessions): Unicode
     * NFKC (full-width letters become ASCII), surrounding spaces removed, lower case. The database's
     * collation folds case, width and trailing spaces as well, so a lookup that did not fold the same way
     * would let "Admin", "ADMIN " and "ａｄｍｉｎ" sign in as one user while being throttled as three.
     */
    public static String canonical(String username) {
        return username == null
                ? null
                : java.text.Normalizer.normalize(username, java.text.Normalizer.Form.NFKC)
                        .strip()
                        .toLowerCase(java.util.Locale.ROOT);
    }

    protected AdminUser() {}

    AdminUser(String username, String passwordHash, Role role) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = Instant.now();
    }

    public String getUsername() {
        return username;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public Role getRole() {
        return role;
    }

    void setRole(Role role) {
        this.role = role;
    }

    public boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
