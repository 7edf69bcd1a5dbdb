package org.wxplatform.customerservice.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuestionTextTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "营业厅在哪",
                "营业厅在哪？",
                "营业厅在哪?",
                "  营业厅 在哪 ",
                "营业厅，在哪！！",
                "「营业厅」在哪…",
                "营业厅\u3000在哪",
                "营业厅\t在哪\n",
                "营业厅\u200b在哪",
                "《营业厅》在哪——"
            })
    void spacingAndPunctuationDoNotMakeAnotherQuestion(String text) {
        assertEquals("营业厅在哪", QuestionText.normalize(text));
    }

    @Test
    void fullWidthFormsAndCaseFold() {
        assertEquals("wifi密码", QuestionText.normalize("ＷｉＦｉ密码"));
        assertEquals("wifi密码", QuestionText.normalize("WIFI 密码"));
        assertEquals("5g套餐", QuestionText.normalize("５Ｇ套餐"));
        assertEquals("查话费1", QuestionText.normalize("查话费①"), "a circled digit is a digit");
        assertEquals("カ", QuestionText.normalize("ｶ"), "half-width katakana become full-width");
    }

    @Test
    void symbolsAndLettersStay() {
        assertEquals("5g+套餐", QuestionText.normalize("5G+ 套餐"));
        assertEquals("100元=多少流量", QuestionText.normalize("100元 = 多少流量？"));
        assertNotEquals(QuestionText.normalize("查话费"), QuestionText.normalize("查流量"));
    }

    @Test
    void emojiStaysWithoutItsVariationSelector() {
        assertEquals("你好\u2764", QuestionText.normalize("你好\u2764\ufe0f"));
        assertEquals("笑\ud83d\ude00", QuestionText.normalize("笑 \ud83d\ude00！"));
    }

    @Test
    void onlyPunctuationOrNothingIsEmpty() {
        assertEquals("", QuestionText.normalize("？？？"));
        assertEquals("", QuestionText.normalize("  \u3000 "));
        assertEquals("", QuestionText.normalize(""));
        assertEquals("", QuestionText.normalize(null));
    }

    @Test
    void longTextsAreCutWithoutSplittingACharacter() {
        String emoji = "\ud83d\ude00";
        String n = QuestionText.normalize("a".repeat(QuestionText.MAX_LENGTH - 1) + emoji + "tail");
        assertEquals(QuestionText.MAX_LENGTH - 1, n.length(), "the emoji does not fit and is not half kept");
        assertTrue(n.chars().allMatch(c -> c == 'a'));
        assertEquals(
                QuestionText.MAX_LENGTH,
                QuestionText.normalize("b".repeat(2000)).length());
    }

    @Test
    void theKeyIsTheSha256OfTheNormalForm() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", QuestionText.key("abc"));
        assertEquals(
                QuestionText.key(QuestionText.normalize("营业厅 在哪？")), QuestionText.key(QuestionText.normalize("营业厅在哪")));
        assertEquals(64, QuestionText.key("营业厅在哪").length());
    }

    @Test
    void theSampleIsTheOriginalTextStrippedAndCut() {
        assertEquals("营业厅 在哪？", QuestionStats.sample("  营业厅 在哪？ "));
        assertEquals(
                QuestionStats.MAX_SAMPLE, QuestionStats.sample("x".repeat(1000)).length());
        String s = QuestionStats.sample("x".repeat(QuestionStats.MAX_SAMPLE - 1) + "\ud83d\ude00");
        assertEquals(QuestionStats.MAX_SAMPLE - 1, s.length());
    }
}
