package io.venice.events.app;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import io.venice.events.proxy.EventValidator.TypeCheck;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.writers.SyslogFacility;

/**
 * Every setting of the pipeline, read once at start from the resolved properties
 * ({@code config/application.properties}, overridden by {@code -Dkey=value} and by environment variables)
 * and validated: every problem is collected and reported together.
 * The meaning of each key is documented in {@code config/application.properties} and in the README.
 */
public record PipelineConfig(
        Path dataDir,
        String nodeName,
        Path eventTypesFile,
        String proxyHost,
        int proxyPort,
        int proxyMaxLineBytes,
        int proxyMaxConnections,
        Duration proxyIdleTimeout,
        TypeCheck proxyTypeCheck,
        boolean proxyOverwriteNodeName,
        Instant proxyMinCreationTime,
        Duration duplicateUuidWindow,
        int duplicateUuidMax,
        Duration dedupInterval,
        Duration flushInterval,
        long maxKeys,
        Path storeDir,
        long storeSegmentBytes,
        long storeMaxBytes,
        WhenFull storeWhenFull,
        boolean storeFsync,
        boolean fileEnabled,
        boolean veniceEnabled,
        URI veniceUrl,
        int veniceBatchSize,
        Duration veniceBatchInterval,
        Duration veniceMaxBackoff,
        Duration veniceTimeout,
        VeniceCredentials veniceCredentials,
        Map<String, String> veniceHeaders,
        TlsFiles veniceTls,
        boolean syslogEnabled,
        SyslogTarget syslogTarget,
        String syslogFormat,
        SyslogFacility syslogFacility,
        String syslogPrefix,
        int syslogEnterpriseNumber,
        Duration syslogMaxBackoff,
        Duration syslogConfirmAfter,
        TlsFiles syslogTls,
        boolean managementEnabled,
        String managementHost,
        int managementPort) {

    /** The keys holding durations: the routes see them in milliseconds, which every Camel option accepts. */
    public java.util.Map<String, Duration> durations() {
        return java.util.Map.of(
                "proxy.duplicate-uuid-window", duplicateUuidWindow,
                "dispatcher.dedup-interval", dedupInterval,
                "dispatcher.flush-interval", flushInterval,
                "writers.venice.batch-interval", veniceBatchInterval,
                "writers.venice.max-backoff", veniceMaxBackoff,
                "writers.syslog.max-backoff", syslogMaxBackoff,
                "writers.syslog.confirm-after", syslogConfirmAfter);
    }

    /** Keys earlier versions read, and what took their place. */
    private static final Map<String, String> RETIRED = Map.of(
            "proxy.queue-size", "accepted events wait in the event store now: see store.max-bytes",
            "proxy.queue-timeout", "the proxy answers once events are stored; a full store is store.when-full",
            "writers.queue-size", "each writer reads the event store at its own offset now: see store.max-bytes");

    /** The keys earlier versions read ({@link #retiredKeysSet} warns about them; they are not unknown). */
    static java.util.Set<String> retiredKeys() {
        return RETIRED.keySet();
    }

    /** One line per retired key that is still set, saying what to use instead (the runner logs them as WARN). */
    public static List<String> retiredKeysSet(Function<String, Optional<String>> lookup) {
        return RETIRED.entrySet().stream()
                .filter(retired -> lookup.apply(retired.getKey()).isPresent())
                .map(retired -> retired.getKey() + " is no longer used and is ignored: " + retired.getValue())
                .sorted()
                .toList();
    }

    /** Largest byte size a store key takes: 1 TiB. */
    private static final long MAX_BYTES = 1L << 40;

    /** Reads properties through a lookup (key to value, empty when unset); throws listing every problem. */
    public static PipelineConfig from(Function<String, Optional<String>> lookup) {
        return from(lookup, name -> Optional.ofNullable(System.getenv(name)));
    }

    /** As {@link #from(Function)}, with the environment the {@code *-env} keys name their variables in. */
    public static PipelineConfig from(Function<String, Optional<String>> lookup,
                                      Function<String, Optional<String>> environment) {
        Reader r = new Reader(lookup);
        PipelineConfig config = new PipelineConfig(
                Path.of(r.text("data.dir")),
                r.optional("events.node-name").filter(s -> !s.isBlank()).orElseGet(PipelineConfig::hostName),
                Path.of(r.text("events.types-file")),
                r.text("proxy.host"),
                r.integer("proxy.port", 1, 65535),
                r.integer("proxy.max-line-bytes", 256, 64 * 1024 * 1024),
                r.integer("proxy.max-connections", 1, 1_000_000),
                r.durationOrNever("proxy.idle-timeout"),
                r.parsed("proxy.type-check", TypeCheck::parse),
                r.bool("proxy.overwrite-node-name"),
                r.parsed("proxy.min-creation-time", PipelineConfig::instant),
                r.duration("proxy.duplicate-uuid-window"),
                r.integer("proxy.duplicate-uuid-max", 1, Integer.MAX_VALUE),
                r.duration("dispatcher.dedup-interval"),
                r.duration("dispatcher.flush-interval"),
                r.integer("dispatcher.max-keys", 1, Integer.MAX_VALUE),
                Path.of(r.text("store.dir")),
                r.bytes("store.segment-bytes", 1024, MAX_BYTES),
                r.bytes("store.max-bytes", 4096, MAX_BYTES),
                r.parsed("store.when-full", WhenFull::parse),
                r.bool("store.fsync"),
                r.bool("writers.file.enabled"),
                r.bool("writers.venice.enabled"),
                r.parsed("writers.venice.url", PipelineConfig::httpUrl),
                r.integer("writers.venice.batch-size", 1, 100_000),
                r.duration("writers.venice.batch-interval"),
                r.duration("writers.venice.max-backoff"),
                r.duration("writers.venice.timeout"),
                VeniceCredentials.read(lookup, environment, r::problem),
                r.optionalParsed("writers.venice.headers", HeaderList::parse, Map.of()),
                TlsFiles.read(lookup, "writers.venice.tls.", false, r::problem),
                r.bool("writers.syslog.enabled"),
                r.parsed("writers.syslog.target", SyslogTarget::parse),
                r.parsed("writers.syslog.format", PipelineConfig::syslogFormat),
                r.parsed("writers.syslog.facility", SyslogFacility::parse),
                r.parsed("writers.syslog.prefix", PipelineConfig::prefix),
                r.integer("writers.syslog.enterprise-number", 1, Integer.MAX_VALUE),
                r.duration("writers.syslog.max-backoff"),
                r.duration("writers.syslog.confirm-after"),
                TlsFiles.read(lookup, "writers.syslog.tls.", true, r::problem),
                r.bool("management.enabled"),
                r.text("management.host"),
                r.integer("management.port", 1, 65535));
        if (config.managementEnabled() && config.managementPort() != 0 && config.managementPort() == config.proxyPort()) {
            r.problem("management.port: " + config.managementPort() + " is the proxy.port too; give each its own port");
        }
        if (Stream.of("writers.file.enabled", "writers.venice.enabled", "writers.syslog.enabled")
                .allMatch(key -> r.optional(key).filter("false"::equalsIgnoreCase).isPresent())) {
            r.problem("writers: none is enabled; enable at least one of writers.file.enabled, writers.venice.enabled, "
                    + "writers.syslog.enabled (events would only fill the store)");
        }
        if (config.storeSegmentBytes() > 0 && config.storeMaxBytes() > 0
                && config.storeSegmentBytes() * 2 > config.storeMaxBytes()) {
            r.problem("store.segment-bytes: " + config.storeSegmentBytes() + " must be at most half of store.max-bytes ("
                    + config.storeMaxBytes() + "): the store frees room a whole segment at a time");
        }
        if (config.syslogTls().anyFile() && config.syslogTarget() != null && !config.syslogTarget().isTls()) {
            r.problem("writers.syslog.tls.*: TLS files are set but writers.syslog.target is " + config.syslogTarget()
                    + ": use tls://" + config.syslogTarget().host() + ":" + config.syslogTarget().port()
                    + " (RFC 5425 collectors usually listen on 6514)");
        }
        if (config.veniceTls().anyFile() && config.veniceUrl() != null && !"https".equals(config.veniceUrl().getScheme())) {
            r.problem("writers.venice.tls.*: TLS files are set but writers.venice.url is " + config.veniceUrl()
                    + ": use an https:// URL");
        }
        r.throwIfProblems();
        return config;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** An RFC 3339 time ({@code 2001-01-01T00:00:00Z}) or a date ({@code 2001-01-01}, its start in UTC). */
    static Instant instant(String value) {
        try {
            return value.contains("T") || value.contains("t") ? java.time.OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant()
                    : java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date (2001-01-01) or an RFC 3339 time (2001-01-01T00:00:00Z)");
        }
    }

    private static URI httpUrl(String value) {
        URI uri = URI.create(value.trim());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + value + "' is not an http:// or https:// URL");
        }
        return uri;
    }

    private static String syslogFormat(String value) {
        String format = value.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("rfc5424") && !format.equals("bsd")) {
            throw new IllegalArgumentException("'" + value + "' is not one of rfc5424, bsd");
        }
        return format;
    }

    private static String prefix(String value) {
        if (!value.matches("[!-~]{1,32}")) {
            throw new IllegalArgumentException("'" + value
                    + "' must be 1 to 32 printable ASCII characters without spaces (it is the APP-NAME / TAG)");
        }
        return value;
    }

    /** Collects problems instead of stopping at the first. */
    private static final class Reader {
        private final Function<String, Optional<String>> lookup;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, Optional<String>> lookup) {
            this.lookup = lookup;
        }

        Optional<String> optional(String key) {
            return lookup.apply(key).map(String::trim);
        }

        String text(String key) {
            Optional<String> value = optional(key);
            if (value.isEmpty() || value.get().isEmpty()) {
                problems.add(key + ": missing");
                return "";
            }
            return value.get();
        }

        <T> T parsed(String key, Function<String, T> parser) {
            String value = text(key);
            if (value.isEmpty()) {
                return null;
            }
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                problems.add(key + ": " + e.getMessage());
                return null;
            }
        }

        int integer(String key, int min, int max) {
            Integer value = parsed(key, v -> {
                int n;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + v + "' is not a whole number");
                }
                if (n < min || n > max) {
                    throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
                }
                return n;
            });
            return value == null ? 0 : value;
        }

        /** A size in bytes: a whole number, optionally followed by k, m or g (times 1024, 1024², 1024³). */
        long bytes(String key, long min, long max) {
            Long value = parsed(key, v -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,15})\\s*([kKmMgG]?)").matcher(v);
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + v + "' is not a size in bytes (e.g. 1048576, 512k, 64m, 1g)");
                }
                int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    default -> 0;
                };
                long n = Long.parseLong(m.group(1));
                if (n > (max >> shift) || (n << shift) < min) {
                    throw new IllegalArgumentException(v + " is out of range " + min + ".." + max + " bytes");
                }
                return n << shift;
            });
            return value == null ? 0 : value;
        }

        /** A key that may be unset or empty ({@code whenEmpty} then), parsed otherwise. */
        <T> T optionalParsed(String key, Function<String, T> parser, T whenEmpty) {
            Optional<String> value = optional(key).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                return whenEmpty;
            }
            try {
                return parser.apply(value.get());
            } catch (RuntimeException e) {
                problems.add(key + ": " + e.getMessage());
                return whenEmpty;
            }
        }

        boolean bool(String key) {
            Boolean value = parsed(key, v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
            });
            return value != null && value;
        }

        Duration duration(String key) {
            return parsed(key, DurationConverter::parse);
        }

        /** A duration with its unit, or {@code 0} for never ({@link Duration#ZERO}); a bare number other than 0 is refused. */
        Duration durationOrNever(String key) {
            return parsed(key, v -> {
                if (v.matches("0+(ms|s|m|h|d)?")) {
                    return Duration.ZERO;
                }
                if (v.matches("\\d+")) {
                    throw new IllegalArgumentException("'" + v + "' needs a unit (e.g. 30s, 5m, 1h), or 0 for never");
                }
                return DurationConverter.parse(v);
            });
        }

        void problem(String problem) {
            problems.add(problem);
        }

        void throwIfProblems() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
