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
import io.venice.events.proxy.ProxyTls;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.tls.PemTls;
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
        boolean proxyPlaintextEnabled,
        ProxyTls proxyTls,
        Duration duplicateUuidWindow,
        int duplicateUuidMax,
        boolean httpEnabled,
        String httpHost,
        int httpPort,
        int httpMaxRequests,
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
        int managementPort,
        Path eventPoliciesFile,
        io.venice.events.policies.ApiToken managementApiToken) {

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
                (int) r.bytes("proxy.max-line-bytes", 256, 64 * 1024 * 1024),
                r.integer("proxy.max-connections", 1, 1_000_000),
                r.durationOrNever("proxy.idle-timeout"),
                r.parsed("proxy.type-check", TypeCheck::parse),
                r.bool("proxy.overwrite-node-name"),
                r.parsed("proxy.min-creation-time", PipelineConfig::instant),
                r.bool("proxy.plaintext.enabled"),
                proxyTls(r),
                r.duration("proxy.duplicate-uuid-window"),
                r.integer("proxy.duplicate-uuid-max", 1, 100_000_000),
                r.bool("proxy.http-enabled"),
                r.text("proxy.http-host"),
                r.integer("proxy.http-port", 1, 65535),
                r.integer("proxy.http-max-requests", 1, 100_000),
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
                r.integer("management.port", 1, 65535),
                Path.of(r.text("events.policies-file")),
                apiToken(r));
        if (config.managementEnabled() && config.managementPort() != 0 && config.managementPort() == config.proxyPort()) {
            r.problem("management.port: " + config.managementPort() + " is the proxy.port too; give each its own port");
        }
        checkProxyListeners(r, config);
        if (config.httpEnabled() && config.httpPort() != 0) {
            if (config.httpPort() == config.proxyPort()) {
                r.problem("proxy.http-port: " + config.httpPort() + " is the proxy.port too; give each its own port");
            } else if (config.managementEnabled() && config.httpPort() == config.managementPort()) {
                r.problem("proxy.http-port: " + config.httpPort() + " is the management.port too; give each its own port");
            } else if (config.proxyTls().enabled() && config.httpPort() == config.proxyTls().port()) {
                r.problem("proxy.http-port: " + config.httpPort() + " is the proxy.tls.port too; give each its own port");
            }
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
        // with the writer off the files may be there for event policies' tls targets
        if (config.syslogEnabled() && config.syslogTls().anyFile() && config.syslogTarget() != null
                && !config.syslogTarget().isTls()) {
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

    /** {@code proxy.tls.*}: the files are read, and the key checked against its certificate, only when enabled. */
    private static ProxyTls proxyTls(Reader r) {
        boolean enabled = r.bool("proxy.tls.enabled");
        String host = r.text("proxy.tls.host");
        int port = r.integer("proxy.tls.port", 1, 65535);
        ProxyTls.ClientAuth clientAuth = r.parsed("proxy.tls.client-auth", ProxyTls.ClientAuth::parse);
        if (!enabled) {
            return new ProxyTls(false, host, port, null, null, null, clientAuth);
        }
        boolean need = clientAuth == ProxyTls.ClientAuth.NEED;
        Path cert = r.pemFile("proxy.tls.cert-file", true, "the proxy's certificate", PemTls::certificates);
        Path key = r.pemFile("proxy.tls.key-file", true, "the key of proxy.tls.cert-file", PemTls::privateKey);
        Path clientCa = r.pemFile("proxy.tls.client-ca-file", need,
                "proxy.tls.client-auth=need checks client certificates against these CAs", PemTls::certificates);
        if (cert != null && key != null) {
            try {
                PemTls.server(cert, key, null); // the key goes with the certificate
            } catch (IllegalArgumentException e) {
                r.problem("proxy.tls.key-file: " + e.getMessage());
            }
        }
        return new ProxyTls(true, host, port, cert, key, clientCa, clientAuth);
    }

    /** At least one listener; each on its own port. */
    private static void checkProxyListeners(Reader r, PipelineConfig config) {
        ProxyTls tls = config.proxyTls();
        if (!config.proxyPlaintextEnabled() && !tls.enabled()) {
            r.problem("proxy.plaintext.enabled: false, and proxy.tls.enabled is false too: the proxy would take no "
                    + "events; enable one of them");
        }
        if (!tls.enabled() || tls.port() == 0) {
            return;
        }
        if (config.proxyPlaintextEnabled() && tls.port() == config.proxyPort()) {
            r.problem("proxy.tls.port: " + tls.port() + " is the proxy.port too; give each its own port "
                    + "(or set proxy.plaintext.enabled=false)");
        }
        if (config.managementEnabled() && tls.port() == config.managementPort()) {
            r.problem("proxy.tls.port: " + tls.port() + " is the management.port too; give each its own port");
        }
    }

    /** management.auth-token or the content of management.auth-token-file (never both); none: changing API calls refused. */
    private static io.venice.events.policies.ApiToken apiToken(Reader r) {
        String token = r.optional("management.auth-token").orElse("");
        String file = r.optional("management.auth-token-file").orElse("");
        if (!token.isEmpty() && !file.isEmpty()) {
            r.problem("management.auth-token-file: set, and management.auth-token too; set only one");
            return new io.venice.events.policies.ApiToken(null);
        }
        if (file.isEmpty()) {
            return new io.venice.events.policies.ApiToken(token);
        }
        try {
            String content = java.nio.file.Files.readString(Path.of(file));
            if (content.isBlank()) {
                r.problem("management.auth-token-file: " + file + " is empty");
            }
            return new io.venice.events.policies.ApiToken(content);
        } catch (java.io.IOException | RuntimeException e) {
            r.problem("management.auth-token-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return new io.venice.events.policies.ApiToken(null);
        }
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
        if (uri.getRawUserInfo() != null) {
            // never the value: it holds a password; camel-http would refuse the URL at every POST, retried for ever
            throw new IllegalArgumentException("a user or password in the URL is not sent (the HTTP client refuses "
                    + "it); set writers.venice.username with writers.venice.password-file or writers.venice.password-env");
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

        /** A size with its unit ({@link Units#size}): 65536b, 512k, 64m, 1g. */
        long bytes(String key, long min, long max) {
            Long value = parsed(key, v -> Units.size(v, min, max));
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

        /** A duration with its unit ({@link Units#duration}): 500ms, 10s, 10m, 24h. */
        Duration duration(String key) {
            return parsed(key, Units::duration);
        }

        /** A duration with its unit, or {@code 0} for never ({@link Duration#ZERO}); a bare number other than 0 is refused. */
        Duration durationOrNever(String key) {
            return parsed(key, Units::durationOrOff);
        }

        /**
         * A PEM file's path, checked by reading it with {@code check}; null when unset or unusable (the problem,
         * naming the key, is collected). An unset key is a problem only when {@code required}.
         */
        Path pemFile(String key, boolean required, String what, java.util.function.Consumer<Path> check) {
            Optional<String> value = optional(key).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                if (required) {
                    problems.add(key + ": missing (" + what + ", a PEM file)");
                }
                return null;
            }
            Path file = Path.of(value.get());
            try {
                check.accept(file);
                return file;
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
                return null;
            }
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
