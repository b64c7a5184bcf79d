package io.venice.events.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void showsLineBreaksAndTabsEscapedSoALogLineCannotBeForged() {
        assertThat(LogText.of("bad\r\n2026-11-27 ERROR forged line\ttab"))
                .isEqualTo("bad\\r\\n2026-11-27 ERROR forged line\\ttab");
    }

    @Test
    void showsEscAndOtherC0AndC1ControlsAsUnicodeEscapes() {
        assertThat(LogText.of("\u001b[2J\u0000\u0007\u007f\u0085\u009b end"))
                .isEqualTo("\\u001b[2J\\u0000\\u0007\\u007f\\u0085\\u009b end");
    }

    @Test
    void showsLineSeparatorsBidiControlsAndUnpairedSurrogatesEscaped() {
        assertThat(LogText.of("a\u2028b\u202ec\ud800d")).isEqualTo("a\\u2028b\\u202ec\\ud800d");
    }

    @Test
    void keepsPrintableTextNonAsciiAndSurrogatePairsAsTheyAre() {
        String text = "Café 日本 \ud83d\ude00 C:\\dir \"quoted\"";

        assertThat(LogText.of(text)).isSameAs(text);
    }

    @Test
    void cutsLongTextAndSaysHowMuchWasLeftOff() {
        assertThat(LogText.of("x".repeat(1000))).isEqualTo("x".repeat(200) + "...(+800 chars)");
        assertThat(LogText.of("abcdef", 3)).isEqualTo("abc...(+3 chars)");
    }

    @Test
    void neverCutsASurrogatePairInTwo() {
        assertThat(LogText.of("ab\ud83d\ude00cd", 3)).isEqualTo("ab...(+4 chars)");
    }

    @Test
    void showsNullAsNull() {
        assertThat(LogText.of(null)).isEqualTo("null");
    }
}
