package org.wxplatform.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.wxplatform.account.domain.AccountSettings;
import org.wxplatform.account.domain.OfficialAccount;

/**
 * The one write path for official accounts. Upsert is idempotent: the same settings twice leave one
 * row and report "unchanged" the second time.
 */
@ApplicationScoped
public class AccountService {

    /** What an upsert did. */
    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    @PersistenceContext(unitName = "wxp")
    EntityManager em;

    @Inject
    AccountDirectory directory;

    public List<OfficialAccount> list() {
        return em.createQuery("select a from OfficialAccount a order by a.id", OfficialAccount.class)
                .getResultList();
    }

    /**
     * The account registered under exactly this appid. The database's collation folds case, width and
     * trailing spaces ({@code WX…}, {@code wx… } and {@code ｗx…} all equal {@code wx…} in
     * {@code utf8mb4_unicode_ci}), so the row it finds is kept only when its appid is the same string:
     * one account has one identity, and every key derived from it (receipts, nonces, transactions) is
     * spelled one way.
     */
    public Optional<OfficialAccount> find(String appid) {
        if (appid == null) {
            return Optional.empty();
        }
        return em.createQuery("select a from OfficialAccount a where a.appid = :appid", OfficialAccount.class)
                .setParameter("appid", appid)
                .getResultStream()
                .filter(a -> a.getAppid().equals(appid))
                .findFirst();
    }

    /**
     * Creates the account or replaces its settings.
     *
     * @throws IllegalArgumentException naming the field when the appid or a setting is malformed
     */
    @Transactional
    public Outcome upsert(String appid, AccountSettings settings) {
        AccountSettings.checkAppid(appid);
        directory.evict(appid);
        Optional<OfficialAccount> existing = find(appid);
        if (existing.isEmpty()) {
            em.createQuery("select a.appid from OfficialAccount a where a.appid = :appid", String.class)
                    .setParameter("appid", appid)
                    .getResultStream()
                    .findFirst()
                    .ifPresent(other -> {
                        throw new IllegalArgumentException(
                                "appid: an account is already registered as " + other + " (one account, one spelling)");
                    });
        }
        if (existing.isPresent()) {
            return existing.get().apply(settings) ? Outcome.UPDATED : Outcome.UNCHANGED;
        }
        OfficialAccount created = new OfficialAccount(appid);
        created.apply(settings);
        em.persist(created);
        em.flush();
        return Outcome.CREATED;
    }

    /** Deletes the account; false when there was none. */
    @Transactional
    public boolean delete(String appid) {
        directory.evict(appid);
        Optional<OfficialAccount> account = find(appid);
        account.ifPresent(em::remove);
        return account.isPresent();
    }
}
