package org.wxplatform.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Admin users and their passwords. Passwords are kept only as PBKDF2-HMAC-SHA256 hashes with a random
 * salt; a failed check costs the same time whether or not the user exists.
 */
@ApplicationScoped
public class AdminUserService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{3,64}");
    static final int MIN_PASSWORD = 10;

    @PersistenceContext(unitName = "wxp")
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash hash;

    private volatile String dummyHash;

    @jakarta.annotation.PostConstruct
    void init() {
        hash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "60000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "16",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    }

    /** Refused: the change would leave no enabled SUPER_ADMIN. */
    public static final class LastSuperAdminException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LastSuperAdminException(String username) {
            super(username + " is the last SUPER_ADMIN: make another SUPER_ADMIN first");
        }
    }

    @jakarta.inject.Inject
    SessionStore sessions;

    public List<AdminUser> list() {
        return em.createQuery("select u from AdminUser u order by u.id", AdminUser.class)
                .getResultList();
    }

    public Optional<AdminUser> find(String username) {
        String wanted = AdminUser.canonical(username);
        if (wanted == null || wanted.isEmpty()) {
            return Optional.empty();
        }
        // the collation narrows the search; the canonical form decides (the same one the throttle counts)
        return em.createQuery("select u from AdminUser u where u.username = :n", AdminUser.class)
                .setParameter("n", wanted)
                .getResultStream()
                .filter(u -> wanted.equals(AdminUser.canonical(u.getUsername())))
                .findFirst();
    }

    public boolean anyWithRole(Role role) {
        return !em.createQuery("select u.id from AdminUser u where u.role = :r", Long.class)
                .setParameter("r", role)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /** The user when the password is right and the user enabled; empty otherwise. */
    public Optional<AdminUser> check(String username, char[] password) {
        Optional<AdminUser> user = username == null ? Optional.empty() : find(username);
        if (user.isEmpty()) {
            // same work as a real check, so response time does not tell which usernames exist
            hash.verify(password, dummyHash());
            return Optional.empty();
        }
        boolean ok = hash.verify(password, user.get().getPasswordHash());
        return ok && user.get().isEnabled() ? user : Optional.empty();
    }

    /**
     * Creates a user or, if it exists, sets its password and role.
     *
     * @return true when created
     */
    @Transactional
    public boolean save(String typed, char[] password, Role role) {
        String username = AdminUser.canonical(typed);
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 3 to 64 letters, digits or _.@-");
        }
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("password must have at least " + MIN_PASSWORD + " characters");
        }
        if (role == null) {
            throw new IllegalArgumentException("role is required (SUPER_ADMIN, ADMIN or AGENT)");
        }
        String hashed = hash.generate(password);
        Optional<AdminUser> existing = find(username);
        if (existing.isPresent()) {
            if (role != Role.SUPER_ADMIN) {
                keepASuperAdmin(existing.get());
            }
            existing.get().setPasswordHash(hashed);
            existing.get().setRole(role);
            existing.get().setEnabled(true);
            endSessions(existing.get().getUsername()); // a new password or role: its sessions end
            return false;
        }
        em.persist(new AdminUser(username, hashed, role));
        em.flush();
        return true;
    }

    @Transactional
    public boolean delete(String username) {
        Optional<AdminUser> existing = find(username);
        if (existing.isEmpty()) {
            return false;
        }
        keepASuperAdmin(existing.get());
        em.remove(existing.get());
        em.flush();
        endSessions(existing.get().getUsername());
        return true;
    }

    /**
     * Throws when {@code user} is the last enabled SUPER_ADMIN. The SUPER_ADMIN rows are locked first, so
     * two operators demoting the last two at once cannot both succeed.
     */
    private void keepASuperAdmin(AdminUser user) {
        if (user.getRole() != Role.SUPER_ADMIN) {
            return;
        }
        List<AdminUser> supers = em.createQuery(
                        "select u from AdminUser u where u.role = :r and u.enabled = true", AdminUser.class)
                .setParameter("r", Role.SUPER_ADMIN)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (supers.stream().noneMatch(u -> !u.getUsername().equals(user.getUsername()))) {
            throw new LastSuperAdminException(user.getUsername());
        }
    }

    private void endSessions(String username) {
        try {
            sessions.endAll(username);
        } catch (RuntimeException e) {
            // Redis down: no session can be checked either, so none can be used
            java.util.logging.Logger.getLogger(AdminUserService.class.getName())
                    .warning("sessions of " + username + " not ended: " + e.getMessage());
        }
    }

    private String dummyHash() {
        String d = dummyHash;
        if (d == null) {
            d = hash.generate("not-a-password".toCharArray());
            dummyHash = d;
        }
        return d;
    }
}
