package org.wxplatform.customerservice.domain;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.wxplatform.customerservice.ReplyContent;

/**
 * A row of the keyword table ({@code cs_keyword}) with its reply contents ({@code cs_reply_content}, one
 * keyword, many contents: the thesis's two tables). A row with {@link Trigger#SUBSCRIBE} is the account's
 * welcome message: it shares the content model, and a unique key on a generated column allows one per
 * account. Never leaves the module: {@code AutoReplyService} hands out records.
 */
@Entity
@Table(name = "cs_keyword")
public class AutoReplyKeyword {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 32)
    private String appid;

    @Column(nullable = false, length = 60)
    private String keyword;

    @Enumerated(EnumType.STRING)
    @Column(name = "match_type", nullable = false, length = 10)
    private Trigger trigger;

    @Column(nullable = false)
    private boolean hidden;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @OneToMany(mappedBy = "owner", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    private List<AutoReplyContent> contents = new ArrayList<>();

    protected AutoReplyKeyword() {}

    public AutoReplyKeyword(String appid, String keyword, Trigger trigger, List<ReplyContent> contents) {
        this.appid = appid;
        this.createdAt = Instant.now();
        fill(keyword, trigger, contents);
    }

    /** Full replacement of keyword, trigger and contents; the hidden flag stays. */
    public void replace(String keyword, Trigger trigger, List<ReplyContent> contents) {
        fill(keyword, trigger, contents);
    }

    private void fill(String keyword, Trigger trigger, List<ReplyContent> contents) {
        this.keyword = keyword;
        this.trigger = trigger;
        this.contents.clear();
        for (int i = 0; i < contents.size(); i++) {
            this.contents.add(new AutoReplyContent(this, i, contents.get(i)));
        }
        this.updatedAt = Instant.now();
    }

    /** Returns whether the flag changed. */
    public boolean setHidden(boolean hidden) {
        if (this.hidden == hidden) {
            return false;
        }
        this.hidden = hidden;
        this.updatedAt = Instant.now();
        return true;
    }

    public Long getId() {
        return id;
    }

    public String getAppid() {
        return appid;
    }

    public String getKeyword() {
        return keyword;
    }

    public Trigger getTrigger() {
        return trigger;
    }

    public boolean isHidden() {
        return hidden;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** The contents in the operator's order. */
    public List<ReplyContent> contents() {
        return contents.stream()
                .sorted(Comparator.comparingInt(AutoReplyContent::position))
                .map(AutoReplyContent::toContent)
                .toList();
    }
}
