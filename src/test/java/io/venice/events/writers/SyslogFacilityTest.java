package io.venice.events.writers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.venice.events.model.Severity;

class SyslogFacilityTest {

    @Test
    void mapsNamesToTheRfc5424Codes() {
        assertThat(SyslogFacility.parse("kern").code()).isZero();
        assertThat(SyslogFacility.parse("daemon").code()).isEqualTo(3);
        assertThat(SyslogFacility.parse("authpriv").code()).isEqualTo(10);
        assertThat(SyslogFacility.parse("ftp").code()).isEqualTo(11);
        assertThat(SyslogFacility.parse("local0").code()).isEqualTo(16);
        assertThat(SyslogFacility.parse("local7").code()).isEqualTo(23);
    }

    @Test
    void parsesNamesInAnyCaseWithSurroundingBlanks() {
        assertThat(SyslogFacility.parse(" Local4 ")).isEqualTo(SyslogFacility.LOCAL4);
    }

    @Test
    void computesPriorityFromFacilityAndSeverity() {
        assertThat(SyslogFacility.LOCAL0.priority(Severity.CRITICAL)).isEqualTo(130);
        assertThat(SyslogFacility.USER.priority(Severity.INFO)).isEqualTo(14);
        assertThat(SyslogFacility.KERN.priority(Severity.DEBUG)).isEqualTo(7);
    }

    @Test
    void rejectsUnknownNamesListingTheAllowedOnes() {
        assertThatThrownBy(() -> SyslogFacility.parse("local8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'local8' is not a syslog facility")
                .hasMessageContaining("kern, user, mail, daemon")
                .hasMessageContaining("local7");
        assertThatThrownBy(() -> SyslogFacility.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
