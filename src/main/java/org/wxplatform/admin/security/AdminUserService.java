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

    public List<AdminUser> list() {
        return em.createQuery("select u from AdminUser u order by u.id", AdminUser.class)
                .getResultList();
    }

    public Optional<AdminUser> find(String username) {
        return em.createQuery("select u from AdminUser u where u.username = :n", AdminUser.class)
                .setParameter("n", username)
                .getResultStream()
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
    public boolean save(String username, char[] password, Role role) {
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
            existing.get().setPasswordHash(hashed);
            existing.get().setRole(role);
            existing.get().setEnabled(true);
            return false;
        }
        em.persist(new AdminUser(username, hashed, role));
        em.flush();
        return true;
    }

    @Transactional
    public boolean delete(String username) {
        return em.createQuery("delete from AdminUser u where u.username = :n")
                        .setParameter("n", username)
                        .executeUpdate()
                > 0;
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
