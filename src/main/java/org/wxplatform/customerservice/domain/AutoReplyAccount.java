package org.wxplatform.customerservice.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The auto-reply settings of one official account ({@code cs_autoreply_account}): the hint sent when no
 * keyword matches. The row also serves as the account's lock for welcome-message writes (read with a
 * pessimistic lock), so two operators saving the welcome at once cannot both insert one.
 */
@Entity
@Table(name = "cs_autoreply_account")
public class AutoReplyAccount {

    @Id
    @Column(length = 32)
    private String appid;

    @Column(name = "miss_hint")
    private String missHint;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected AutoReplyAccount() {}

    /** The operator's hint, or null for the deployment's default. */
    public String getMissHint() {
        return missHint;
    }

    public void setMissHint(String missHint) {
        this.missHint = missHint;
        this.updatedAt = Instant.now();
    }

    public void touch() {
        this.updatedAt = Instant.now();
    }
}
