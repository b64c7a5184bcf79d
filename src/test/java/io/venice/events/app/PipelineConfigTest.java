package io.venice.events.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.venice.events.proxy.EventValidator.TypeCheck;
import io.venice.events.writers.SyslogFacility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineConfigTest {

    /** The shipped config/application.properties, with {{data.dir}} left as Camel would resolve it. */
    static Map<String, String> shipped() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("config/application.properties"))) {
            properties.load(in);
        }
        Map<String, String> values = new HashMap<>();
        properties.forEach((k, v) -> values.put((String) k, ((String) v).replace("{{data.dir}}", "data")));
        return values;
    }

    static PipelineConfig read(Map<String, String> values) {
        return PipelineConfig.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void readsTheShippedDefaults() throws IOException {
        PipelineConfig config = read(shipped());

        assertThat(config.proxyHost()).isEqualTo("127.0.0.1");
        assertThat(config.proxyPort()).isEqualTo(9012);
        assertThat(config.proxyMaxLineBytes()).isEqualTo(65536);
        assertThat(config.proxyMaxConnections()).isEqualTo(1024);
        assertThat(config.proxyIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.proxyTypeCheck()).isEqualTo(TypeCheck.STRICT);
        assertThat(config.dedupInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.fileEnabled()).isTrue();
        assertThat(config.veniceEnabled()).isFalse();
        assertThat(config.syslogEnabled()).isFalse();
        assertThat(config.syslogFacility()).isEqualTo(SyslogFacility.USER);
        assertThat(config.syslogPrefix()).isEqualTo("venice-events");
        assertThat(config.syslogEnterpriseNumber()).isEqualTo(32473);
        assertThat(config.nodeName()).isNotBlank();
        assertThat(config.managementEnabled()).isTrue();
        assertThat(config.managementHost()).isEqualTo("127.0.0.1");
        assertThat(config.managementPort()).isEqualTo(9013);
        assertThat(config.httpEnabled()).isTrue();
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(9014);
        assertThat(config.httpMaxRequests()).isEqualTo(64);
    }

    @Test
    void readsTheMinimumCreationTimeAsADateOrATimeAndNamesABadOne() throws IOException {
        assertThat(read(shipped()).proxyMinCreationTime()).isEqualTo(java.time.Instant.parse("2001-01-01T00:00:00Z"));
        Map<String, String> time = shipped();
        time.put("proxy.min-creation-time", "2020-06-01T12:00:00+02:00");
        assertThat(read(time).proxyMinCreationTime()).isEqualTo(java.time.Instant.parse("2020-06-01T10:00:00Z"));

        Map<String, String> bad = shipped();
        bad.put("proxy.min-creation-time", "last year");
        assertThatThrownBy(() -> read(bad)).isInstanceOf(ConfigException.class).hasMessageContaining(
                "proxy.min-creation-time: 'last year' is not a date (2001-01-01) or an RFC 3339 time (2001-01-01T00:00:00Z)");
    }

    @Test
    void moreUuidsToRememberThanTheRingHoldsIsAStartProblem() throws IOException {
        Map<String, String> values = shipped();
        values.put("proxy.duplicate-uuid-max", "100000001");

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("proxy.duplicate-uuid-max: 100000001 is out of range 1..100000000");
    }

    @Test
    void reportsBadManagementKeysTogetherAndAManagementPortThatIsTheProxyPort() throws IOException {
        Map<String, String> values = shipped();
        values.put("management.enabled", "on");
        values.put("management.host", " ");
        values.put("management.port", "70000");

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration (3 problems):")
                .hasMessageContaining("management.enabled: 'on' is not true or false")
                .hasMessageContaining("management.host: missing")
                .hasMessageContaining("management.port: 70000 is out of range 1..65535");

        Map<String, String> clash = shipped();
        clash.put("management.port", clash.get("proxy.port"));
        assertThatThrownBy(() -> read(clash))
                .hasMessageContaining("management.port: 9012 is the proxy.port too; give each its own port");
        clash.put("management.enabled", "false");
        assertThat(read(clash).managementEnabled()).as("no clash when the management server is off").isFalse();
    }

    @Test
    void reportsBadHttpIngestKeysTogetherAndAnHttpPortThatIsAnotherServersPort() throws IOException {
        Map<String, String> values = shipped();
        values.put("proxy.http-enabled", "maybe");
        values.put("proxy.http-host", "");
        values.put("proxy.http-port", "0");
        values.put("proxy.http-max-requests", "0");

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration (4 problems):")
                .hasMessageContaining("proxy.http-enabled: 'maybe' is not true or false")
                .hasMessageContaining("proxy.http-host: missing")
                .hasMessageContaining("proxy.http-port: 0 is out of range 1..65535")
                .hasMessageContaining("proxy.http-max-requests: 0 is out of range 1..100000");

        Map<String, String> proxyClash = shipped();
        proxyClash.put("proxy.http-port", proxyClash.get("proxy.port"));
        assertThatThrownBy(() -> read(proxyClash))
                .hasMessageContaining("proxy.http-port: 9012 is the proxy.port too; give each its own port");
        Map<String, String> managementClash = shipped();
        managementClash.put("proxy.http-port", managementClash.get("management.port"));
        assertThatThrownBy(() -> read(managementClash))
                .hasMessageContaining("proxy.http-port: 9013 is the management.port too; give each its own port");
        managementClash.put("proxy.http-enabled", "false");
        assertThat(read(managementClash).httpEnabled()).as("no clash when the HTTP ingest is off").isFalse();
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheKey() throws IOException {
        Map<String, String> values = shipped();
        values.put("proxy.port", "abc");
        values.put("proxy.max-line-bytes", "10b");
        values.put("proxy.type-check", "lenient");
        values.put("dispatcher.flush-interval", "soon");
        values.put("dispatcher.dedup-interval", "0s");
        values.put("writers.file.enabled", "yes");
        values.put("writers.venice.url", "ftp://venice");
        values.put("writers.syslog.target", "127.0.0.1:514");
        values.put("writers.syslog.format", "xml");
        values.put("writers.syslog.facility", "printer");
        values.put("writers.syslog.prefix", "has space");
        values.put("store.max-bytes", "lots");
        values.put("store.when-full", "panic");
        values.remove("data.dir");

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration (14 problems):")
                .hasMessageContaining("data.dir: missing")
                .hasMessageContaining("proxy.port: 'abc' is not a whole number")
                .hasMessageContaining("proxy.max-line-bytes: 10b is out of range 256..67108864 bytes")
                .hasMessageContaining("proxy.type-check: 'lenient' is not one of strict, accept-unknown")
                .hasMessageContaining("dispatcher.flush-interval: 'soon' is not a duration (e.g. 500ms, 10s, 10m, 24h)")
                .hasMessageContaining("dispatcher.dedup-interval: '0s' must be more than zero")
                .hasMessageContaining("writers.file.enabled: 'yes' is not true or false")
                .hasMessageContaining("writers.venice.url: 'ftp://venice' is not an http:// or https:// URL")
                .hasMessageContaining("writers.syslog.target: '127.0.0.1:514' is not udp://host:port, tcp://host:port or tls://host:port")
                .hasMessageContaining("store.max-bytes: 'lots' is not a size (e.g. 65536b, 512k, 64m, 1g)")
                .hasMessageContaining("store.when-full: 'panic' is not one of reject, drop-oldest")
                .hasMessageContaining("writers.syslog.format: 'xml' is not one of rfc5424, bsd")
                .hasMessageContaining("writers.syslog.facility: ")
                .hasMessageContaining("writers.syslog.prefix: 'has space' must be 1 to 32 printable ASCII characters");
    }

    @Test
    void parsesSyslogTargetsOfBothTransports() {
        assertThat(SyslogTarget.parse("udp://10.0.0.5:514")).isEqualTo(new SyslogTarget("udp", "10.0.0.5", 514));
        assertThat(SyslogTarget.parse("TCP://siem.example.com:6514")).isEqualTo(new SyslogTarget("tcp", "siem.example.com", 6514));
        assertThatThrownBy(() -> SyslogTarget.parse("tcp://host")).hasMessageContaining("is not udp://host:port");
    }

    @Test
    void listsEveryDurationTheRoutesNeedInMilliseconds() throws IOException {
        Map<String, Duration> durations = read(shipped()).durations();

        assertThat(durations).containsEntry("dispatcher.flush-interval", Duration.ofSeconds(10))
                .containsEntry("writers.venice.batch-interval", Duration.ofSeconds(1))
                .containsKeys("writers.syslog.confirm-after", "dispatcher.dedup-interval", "writers.venice.max-backoff",
                        "writers.syslog.max-backoff");
    }

    @Test
    void readsStoreSizesWithUnitsAndRefusesASegmentTooLargeForTheStore() throws IOException {
        Map<String, String> values = shipped();
        assertThat(read(values).storeMaxBytes()).isEqualTo(1L << 30);
        assertThat(read(values).storeSegmentBytes()).isEqualTo(8L << 20);

        values.put("store.max-bytes", "64k");
        values.put("store.segment-bytes", "40000b");
        assertThatThrownBy(() -> read(values)).hasMessageContaining(
                "store.segment-bytes: 40000 must be at most half of store.max-bytes (65536): the store frees room a whole segment at a time");

        values.put("store.max-bytes", "2k");
        assertThatThrownBy(() -> read(values)).hasMessageContaining("store.max-bytes: 2k is out of range 4096..1099511627776 bytes");
    }

    @Test
    void aBareNumberForAnyDurationOrSizeKeyIsAnErrorNamingTheKeyAndTheFormsAccepted() throws IOException {
        Map<String, String> values = shipped();
        List<String> durations = List.of("proxy.duplicate-uuid-window", "dispatcher.dedup-interval",
                "dispatcher.flush-interval", "writers.venice.batch-interval", "writers.venice.max-backoff",
                "writers.venice.timeout", "writers.syslog.max-backoff", "writers.syslog.confirm-after");
        List<String> sizes = List.of("proxy.max-line-bytes", "store.max-bytes", "store.segment-bytes");
        durations.forEach(key -> values.put(key, "10"));
        sizes.forEach(key -> values.put(key, "65536"));
        values.put("proxy.idle-timeout", "300");

        assertThatThrownBy(() -> read(values))
                .hasMessageStartingWith("invalid configuration (" + (durations.size() + sizes.size() + 1) + " problems):")
                .satisfies(e -> durations.forEach(key -> assertThat(e.getMessage())
                        .contains(key + ": '10' has no unit; write 10s, 500ms, 10m or 24h")))
                .satisfies(e -> sizes.forEach(key -> assertThat(e.getMessage())
                        .contains(key + ": '65536' has no unit; write 65536b, 512k, 64m or 1g")))
                .hasMessageContaining("proxy.idle-timeout: '300' has no unit; write 300s, 500ms, 10m or 24h, or 0 for never");

        durations.forEach(key -> values.put(key, "10s"));
        sizes.forEach(key -> values.put(key, "64k"));
        values.put("store.max-bytes", "1m");
        values.put("proxy.idle-timeout", "0");
        PipelineConfig config = read(values);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.veniceTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.proxyMaxLineBytes()).isEqualTo(65536);
        assertThat(config.storeSegmentBytes()).isEqualTo(65536);
    }

    @Test
    void readsTheProxysConnectionKeysAndReportsTheirProblemsTogether() throws IOException {
        Map<String, String> values = shipped();
        values.put("proxy.idle-timeout", "0");
        assertThat(read(values).proxyIdleTimeout()).as("0: never").isEqualTo(Duration.ZERO);
        values.put("proxy.idle-timeout", "90s");
        assertThat(read(values).proxyIdleTimeout()).isEqualTo(Duration.ofSeconds(90));

        values.put("proxy.idle-timeout", "300");
        values.put("proxy.max-connections", "0");
        assertThatThrownBy(() -> read(values))
                .hasMessageStartingWith("invalid configuration (2 problems):")
                .hasMessageContaining("proxy.idle-timeout: '300' has no unit; write 300s, 500ms, 10m or 24h, or 0 for never")
                .hasMessageContaining("proxy.max-connections: 0 is out of range 1..1000000");

        values.put("proxy.idle-timeout", "soon");
        values.put("proxy.max-connections", "many");
        assertThatThrownBy(() -> read(values))
                .hasMessageContaining("proxy.idle-timeout: 'soon' is not a duration (e.g. 500ms, 10s, 10m, 24h)")
                .hasMessageContaining("proxy.max-connections: 'many' is not a whole number");
    }

    @Test
    void readsTheManagementTokenFromAFileOrTheKeyNeverBothAndNeverShowsIt(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "  from-the-file\n");
        Map<String, String> values = shipped();
        assertThat(read(values).managementApiToken().configured()).as("none by default").isFalse();

        values.put("management.auth-token-file", file.toString());
        PipelineConfig fromFile = read(values);
        assertThat(fromFile.managementApiToken().check("Bearer from-the-file")).isEmpty();
        assertThat(fromFile.toString()).doesNotContain("from-the-file");

        values.put("management.auth-token", "from-the-key");
        assertThatThrownBy(() -> read(values)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("management.auth-token-file: set, and management.auth-token too; set only one")
                .hasMessageNotContaining("from-the");
        values.remove("management.auth-token");
        values.put("management.auth-token-file", dir.resolve("missing").toString());
        assertThatThrownBy(() -> read(values)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("management.auth-token-file: cannot read " + dir.resolve("missing"));
    }

    @Test
    void refusesAPipelineWithNoWriterEnabled() throws IOException {
        Map<String, String> values = shipped();
        values.put("writers.file.enabled", "false");

        assertThatThrownBy(() -> read(values)).hasMessageContaining("writers: none is enabled; enable at least one of "
                + "writers.file.enabled, writers.venice.enabled, writers.syslog.enabled");
    }

    @Test
    void namesTheRetiredKeysAConfigurationStillSetsAndWhatReplacedThem() throws IOException {
        Map<String, String> values = shipped();
        assertThat(PipelineConfig.retiredKeysSet(key -> Optional.ofNullable(values.get(key)))).isEmpty();

        values.put("writers.queue-size", "1000");
        values.put("proxy.queue-size", "1000");

        assertThat(PipelineConfig.retiredKeysSet(key -> Optional.ofNullable(values.get(key)))).containsExactly(
                "proxy.queue-size is no longer used and is ignored: accepted events wait in the event store now: see store.max-bytes",
                "writers.queue-size is no longer used and is ignored: each writer reads the event store at its own offset now: see store.max-bytes");
        assertThat(read(values).storeMaxBytes()).as("still starts").isEqualTo(1L << 30);
    }
}
