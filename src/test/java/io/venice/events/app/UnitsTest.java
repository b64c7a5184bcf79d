package io.venice.events.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class UnitsTest {

    @Test
    void aDurationTakesItsUnit() {
        assertThat(Units.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.duration(" 10s ")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Units.duration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Units.duration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Units.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void aDurationWithoutItsUnitIsRefusedSayingWhatToWrite() {
        assertThatThrownBy(() -> Units.duration("10")).hasMessage("'10' has no unit; write 10s, 500ms, 10m or 24h");
        assertThatThrownBy(() -> Units.duration("2.5")).hasMessage("'2.5' has no unit; write 2.5s, 500ms, 10m or 24h");
        assertThatThrownBy(() -> Units.duration("0")).hasMessageContaining("has no unit");
        assertThatThrownBy(() -> Units.duration("0s")).hasMessage("'0s' must be more than zero");
        assertThatThrownBy(() -> Units.duration("soon")).hasMessage("'soon' is not a duration (e.g. 500ms, 10s, 10m, 24h)");
    }

    @Test
    void zeroMeansOffOnlyWhereTheKeySaysSo() {
        assertThat(Units.durationOrOff("0")).isZero();
        assertThat(Units.durationOrOff("0s")).isZero();
        assertThat(Units.durationOrOff("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> Units.durationOrOff("300"))
                .hasMessage("'300' has no unit; write 300s, 500ms, 10m or 24h, or 0 for never");
        assertThat(Units.sizeOrOff("0", 1024, 1 << 20)).isZero();
        assertThat(Units.sizeOrOff("4k", 1024, 1 << 20)).isEqualTo(4096);
    }

    @Test
    void aSizeTakesItsUnitInPowersOf1024() {
        assertThat(Units.size("65536b", 1, Long.MAX_VALUE)).isEqualTo(65536);
        assertThat(Units.size("512k", 1, Long.MAX_VALUE)).isEqualTo(512 * 1024);
        assertThat(Units.size("64M", 1, Long.MAX_VALUE)).isEqualTo(64L << 20);
        assertThat(Units.size("1g", 1, Long.MAX_VALUE)).isEqualTo(1L << 30);
    }

    @Test
    void aSizeWithoutItsUnitOrOutOfRangeIsRefused() {
        assertThatThrownBy(() -> Units.size("65536", 1, 1L << 40)).hasMessage("'65536' has no unit; write 65536b, 512k, 64m or 1g");
        assertThatThrownBy(() -> Units.size("lots", 1, 1L << 40)).hasMessage("'lots' is not a size (e.g. 65536b, 512k, 64m, 1g)");
        assertThatThrownBy(() -> Units.size("2k", 4096, 1L << 40)).hasMessage("2k is out of range 4096..1099511627776 bytes");
        assertThatThrownBy(() -> Units.size("2g", 1, 1L << 30)).hasMessage("2g is out of range 1..1073741824 bytes");
    }

    @Test
    void theCommandLineConverterRefusesABareNumberAsPicocliReportsIt() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> converter.convert("2")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'2' has no unit; write 2s, 500ms, 10m or 24h");
    }
}
