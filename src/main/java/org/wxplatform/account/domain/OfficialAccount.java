package org.wxplatform.account.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.wxplatform.platform.secret.SecretConverter;

/**
 * An official account (the thesis's "area"): what the platform needs to verify its callbacks and call
 * the WeChat API on its behalf. Never returned as an API payload: the secret and the AES key leave this
 * module only masked.
 */
@Entity
@Table(name = "wx_account")
public class OfficialAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 32)
    private String appid;

    @Column(nullable = false, length = 100)
    private String name;

    @Convert(converter = SecretConverter.class)
    @Column(nullable = false, length = 255)
    private String secret;

    @Convert(converter = SecretConverter.class)
    @Column(nullable = false, length = 255)
    private String token;

    @Convert(converter = SecretConverter.class)
    @Column(name = "aes_key", length = 255)
    private String aesKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private MessageMode mode;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected OfficialAccount() {}

    public OfficialAccount(String appid) {
        this.appid = appid;
        this.createdAt = Instant.now();
    }

    /** Replaces every setting; returns whether anything changed. */
    public boolean apply(AccountSettings s) {
        boolean changed = !s.name().equals(name)
                || !s.secret().equals(secret)
                || !s.token().equals(token)
                || !java.util.Objects.equals(s.aesKey(), aesKey)
                || s.mode() != mode;
        name = s.name();
        secret = s.secret();
        token = s.token();
        aesKey = s.aesKey();
        mode = s.mode();
        if (changed || updatedAt == null) {
            updatedAt = Instant.now();
        }
        return changed;
    }

    public Long getId() {
        return id;
    }

    public String getAppid() {
        return appid;
    }

    public String getName() {
        return name;
    }

    public String getSecret() {
        return secret;
    }

    public String getToken() {
        return token;
    }

    public String getAesKey() {
        return aesKey;
    }

    public MessageMode getMode() {
        return mode;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
