package org.wxplatform.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.logging.Logger;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;

/**
 * The first SUPER_ADMIN: named {@code WXP_ADMIN_USER} (default {@code admin}) with the password of
 * {@code WXP_ADMIN_PASSWORD}, or a generated one printed once to the server log. Later starts leave
 * existing admins alone, so changing the variable never silently resets a password.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @Inject
    AdminUserService users;

    void onStart(@Observes PlatformStarted started) {
        if (users.anyWithRole(Role.SUPER_ADMIN)) {
            return;
        }
        String username = Settings.get("WXP_ADMIN_USER", "admin");
        String password = Settings.find("WXP_ADMIN_PASSWORD").orElse(null);
        boolean generated = password == null;
        if (generated) {
            password = generate();
        }
        try {
            users.save(username, password.toCharArray(), Role.SUPER_ADMIN);
        } catch (RuntimeException e) {
            if (users.anyWithRole(Role.SUPER_ADMIN)) {
                return; // another node created it at the same moment
            }
            throw e;
        }
        if (generated) {
            LOG.warning("WXP-ADMIN: created SUPER_ADMIN '" + username + "' with generated password " + password
                    + " (shown only this once; set WXP_ADMIN_PASSWORD to choose it)");
        } else {
            LOG.info("WXP-ADMIN: created SUPER_ADMIN '" + username + "' with the password of WXP_ADMIN_PASSWORD");
        }
    }

    static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
