package org.wxplatform.account;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.secret.SecretBox;

/**
 * At start-up, every account secret not sealed under the current key (stored in clear before a key
 * was set, or sealed under {@code WXP_SECRET_KEY_OLD}) is sealed again. Each row is rewritten only if
 * it still holds what was read, so an operator's edit in between wins; two nodes starting together
 * both write a sealing of the same values.
 */
@ApplicationScoped
public class SecretReseal {

    private static final Logger LOG = Logger.getLogger(SecretReseal.class.getName());

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    void onStart(@Observes PlatformStarted started) {
        SecretBox box = SecretBox.configured();
        if (!box.sealing()) {
            LOG.warning("WXP_SECRET_KEY is not set: account secrets are stored in clear (see README)");
        }
        try {
            int[] counts = reseal(box);
            if (counts[0] > 0 || counts[1] > 0) {
                LOG.info("account secrets sealed again under the current key: " + counts[0] + " accounts"
                        + (counts[1] > 0 ? ", " + counts[1] + " that cannot be opened (key missing?)" : ""));
            }
        } catch (SQLException e) {
            LOG.warning("account secrets not resealed: " + e.getMessage());
        }
    }

    /** {resealed, unreadable}. */
    public int[] reseal(SecretBox box) throws SQLException {
        record Row(long id, String secret, String token, String aesKey) {}
        List<Row> stale = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, secret, token, aes_key FROM wx_account");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Row r = new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
                if (!box.isCurrent(r.secret()) || !box.isCurrent(r.token()) || !box.isCurrent(r.aesKey())) {
                    stale.add(r);
                }
            }
        }
        int done = 0;
        int unreadable = 0;
        for (Row r : stale) {
            String secret;
            String token;
            String aesKey;
            try {
                secret = box.seal(box.open(r.secret()));
                token = box.seal(box.open(r.token()));
                aesKey = box.seal(box.open(r.aesKey()));
            } catch (SecretBox.SecretException e) {
                unreadable++;
                LOG.severe("account " + r.id() + ": " + e.getMessage());
                continue;
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("UPDATE wx_account SET secret = ?, token = ?, aes_key = ? "
                                    + "WHERE id = ? AND secret = ? AND token = ? AND aes_key <=> ?")) {
                ps.setString(1, secret);
                ps.setString(2, token);
                ps.setString(3, aesKey);
                ps.setLong(4, r.id());
                ps.setString(5, r.secret());
                ps.setString(6, r.token());
                ps.setString(7, r.aesKey());
                done += ps.executeUpdate();
            }
        }
        return new int[] {done, unreadable};
    }
}
