package io.venice.events.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void writesWhatInstantToStringWritesForEdgesOfEveryField() {
        for (String text : new String[] {"0000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-12-01T17:17:03.100Z",
                "2026-12-01T17:17:03.000100Z", "2026-12-01T17:17:03.000000001Z", "2026-12-01T17:17:03.999999999Z",
                "2024-02-29T23:59:59.010Z", "9999-12-31T23:59:59.999Z", "0999-06-05T04:03:02.123456Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(InstantText.append(new StringBuilder(), instant).toString()).isEqualTo(instant.toString());
        }
    }

    @Test
    void writesWhatInstantToStringWritesForRandomInstantsAndYearsOutsideFourDigits() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Instant.parse("-1000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max), nano);
            assertThat(InstantText.append(new StringBuilder("x"), instant).toString()).isEqualTo("x" + instant);
        }
        for (Instant extreme : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.5Z")}) {
            assertThat(InstantText.append(new StringBuilder(), extreme).toString()).isEqualTo(extreme.toString());
        }
    }
}
