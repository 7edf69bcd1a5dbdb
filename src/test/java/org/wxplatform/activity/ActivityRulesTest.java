package org.wxplatform.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wxplatform.account.wechat.UserTag;

class ActivityRulesTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    private static ActivityDraft draft(ActivityModule module, List<PrizeDraft> prizes) {
        return new ActivityDraft(
                "  双十二抽奖 ",
                "正文",
                List.of("http://img.example/a.png"),
                module,
                Audience.ALL,
                null,
                T,
                T.plusSeconds(3600),
                prizes);
    }

    private static String refused(ActivityDraft d) {
        return assertThrows(IllegalArgumentException.class, () -> ActivityService.validate(d))
                .getMessage();
    }

    @Test
    void aGoodDraftIsTrimmedAndKept() {
        ActivityDraft d =
                ActivityService.validate(draft(ActivityModule.LOTTERY, List.of(new PrizeDraft(" 1GB ", 5, 100))));
        assertEquals("双十二抽奖", d.title());
        assertEquals("1GB", d.prizes().get(0).name());
    }

    @Test
    void everyBadFieldIsNamed() {
        assertTrue(refused(new ActivityDraft(
                        " ", "", List.of(), ActivityModule.SHAKE, Audience.ALL, null, T, T.plusSeconds(1), List.of()))
                .startsWith("title:"));
        assertTrue(refused(new ActivityDraft(
                        "a",
                        "",
                        List.of("javascript:alert(1)"),
                        ActivityModule.SHAKE,
                        Audience.ALL,
                        null,
                        T,
                        T.plusSeconds(1),
                        List.of()))
                .startsWith("images[0]:"));
        assertTrue(
                refused(new ActivityDraft("a", "", List.of(), null, Audience.ALL, null, T, T.plusSeconds(1), List.of()))
                        .startsWith("module:"));
        assertTrue(refused(new ActivityDraft(
                        "a", "", List.of(), ActivityModule.SHAKE, null, null, T, T.plusSeconds(1), List.of()))
                .startsWith("audience:"));
        assertTrue(refused(new ActivityDraft(
                        "a", "", List.of(), ActivityModule.SHAKE, Audience.ALL, null, T, T, List.of()))
                .startsWith("endsAt:"));
        assertTrue(refused(new ActivityDraft(
                        "a",
                        "",
                        List.of(),
                        ActivityModule.SHAKE,
                        Audience.ALL,
                        null,
                        T,
                        T.plus(Duration.ofDays(400)),
                        List.of()))
                .startsWith("endsAt:"));
        assertTrue(refused(draft(ActivityModule.REDPACKET_SQUARE, List.of(new PrizeDraft("x", 1, 1))))
                .startsWith("prizes:"));
        assertTrue(refused(draft(ActivityModule.LOTTERY, List.of(new PrizeDraft("x", -1, 1))))
                .startsWith("prizes[0].stock"));
        assertTrue(refused(draft(
                        ActivityModule.LOTTERY, List.of(new PrizeDraft("x", 1, 6000), new PrizeDraft("y", 1, 5000))))
                .contains("over 10,000"));
    }

    @Test
    void aTagAudienceNeedsATagAndOnlyItHasOne() {
        ActivityDraft base = draft(ActivityModule.LOTTERY, List.of());
        ActivityDraft tagged = new ActivityDraft(
                base.title(),
                base.body(),
                base.images(),
                base.module(),
                Audience.TAG,
                new AudienceTag(101, null),
                base.startsAt(),
                base.endsAt(),
                base.prizes());
        assertEquals(
                new AudienceTag(101, null), ActivityService.validate(tagged).tag(), "kept for the name lookup");
        assertTrue(refused(tagged.withTag(null)).startsWith("tagId: a TAG audience needs"));
        assertTrue(refused(tagged.withTag(new AudienceTag(-1, null))).startsWith("tagId:"));
        assertTrue(refused(base.withTag(new AudienceTag(101, null))).startsWith("tagId: only for the audience TAG"));
        assertTrue(refused(new ActivityDraft(
                        "a", "", List.of(), ActivityModule.SHAKE, null, null, T, T.plusSeconds(1), List.of()))
                .contains("ALL, BOUND, TAG"));
    }

    @Test
    void aTagIdIsNamedFromTheAccountsTagsOrRefused() {
        List<UserTag> tags = List.of(new UserTag(2, "星标组", 0), new UserTag(101, "高价值用户", 3));
        assertEquals(new AudienceTag(101, "高价值用户"), ActivityService.tag(tags, 101));
        assertEquals(new AudienceTag(2, "星标组"), ActivityService.tag(tags, 2));
        String refused = assertThrows(IllegalArgumentException.class, () -> ActivityService.tag(tags, 999))
                .getMessage();
        assertTrue(refused.startsWith("tagId: the account has no WeChat tag 999"), refused);
        assertThrows(IllegalArgumentException.class, () -> ActivityService.tag(List.of(), 101));
    }

    @Test
    void aSubscriberOutsideTheAudienceIsToldWhy() {
        Activity bound = activity(Audience.BOUND, null);
        Activity tag = activity(Audience.TAG, new AudienceTag(101, "内部测试组"));
        assertEquals(ActivityTexts.BIND_FIRST, ActivityTexts.notInAudience(bound));
        assertEquals(ActivityTexts.NOT_TAGGED, ActivityTexts.notInAudience(tag));
        assertFalse(ActivityTexts.notInAudience(tag).contains("内部测试组"), "the operator's tag name stays in the admin");
    }

    private static Activity activity(Audience audience, AudienceTag tag) {
        return new Activity(
                1,
                "wx",
                "t",
                "",
                List.of(),
                ActivityModule.LOTTERY,
                audience,
                tag,
                T,
                T.plusSeconds(60),
                ActivityState.PUBLISHED,
                List.of(),
                "op",
                T,
                T,
                T,
                null);
    }

    @Test
    void aDrawLandsOnThePrizeWhoseChanceCoversIt() {
        List<Prize> prizes = List.of(new Prize(1, 0, "a", 1, 1, 100), new Prize(2, 1, "b", 1, 1, 900));
        assertEquals(Optional.of(prizes.get(0)), ActivityService.land(prizes, 0));
        assertEquals(Optional.of(prizes.get(0)), ActivityService.land(prizes, 99));
        assertEquals(Optional.of(prizes.get(1)), ActivityService.land(prizes, 100));
        assertEquals(Optional.of(prizes.get(1)), ActivityService.land(prizes, 999));
        assertEquals(Optional.empty(), ActivityService.land(prizes, 1000));
        assertEquals(Optional.empty(), ActivityService.land(prizes, 9999));
    }

    @Test
    void aPublishedActivityOpensAndEndsWithItsWindow() {
        Activity a = new Activity(
                1,
                "wx",
                "t",
                "",
                List.of(),
                ActivityModule.LOTTERY,
                Audience.ALL,
                null,
                T,
                T.plusSeconds(60),
                ActivityState.PUBLISHED,
                List.of(),
                "op",
                T,
                T,
                T,
                null);
        assertEquals(Activity.Phase.NOT_STARTED, a.phase(T.minusSeconds(1)));
        assertEquals(Activity.Phase.OPEN, a.phase(T));
        assertEquals(Activity.Phase.ENDED, a.phase(T.plusSeconds(60)));
    }
}
