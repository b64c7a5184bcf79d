package io.venice.events.policies;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.venice.events.app.TlsFiles;
import io.venice.events.dispatcher.MaintenanceMode;
import io.venice.events.model.EventCatalog;
import io.venice.events.policies.ManagementApiHandler.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The management API as a user calls it, its routes faked: answers, validation, tokens, what is kept and started. */
class ManagementApiHandlerTest {

    static final String TOKEN = "s3cret-token";
    static final String BEARER = "Bearer " + TOKEN;
    static final String SIEM = "{\"name\":\"siem\",\"format\":\"bsd\",\"facility\":\"local3\",\"targets\":["
            + "{\"destination\":\"127.0.0.1:5514\",\"transport\":\"tcp\"},{\"destination\":\"10.0.0.6:514\",\"transport\":\"udp\"}],"
            + "\"filters\":{\"min-severity\":\"warn\",\"categories\":[\"cluster\"]}}";

    /** What the API asked of the routes. */
    static final class FakeRoutes implements TargetRoutes {
        final List<String> calls = new ArrayList<>();

        @Override
        public void start(EventPolicy policy, PolicyTarget target) {
            calls.add("start " + target.readerName(policy.name()) + " " + policy.format());
        }

        @Override
        public void drop(String reader) {
            calls.add("drop " + reader);
        }
    }

    @TempDir
    Path dir;

    EventCatalog catalog;
    EventPolicyParser parser;
    FakeRoutes routes = new FakeRoutes();
    MaintenanceMode maintenance;
    ManagementApiHandler api;

    @BeforeEach
    void setUp() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("config/event-types.yaml"))) {
            catalog = EventCatalog.read(in, "event-types.yaml");
        }
        // as the runner checks a tls target: its TLS context must build from writers.syslog.tls.* (here a CA file
        // that is not there)
        parser = new EventPolicyParser(catalog, target -> {
            if (target.isTls()) {
                new TlsFiles(dir.resolve("missing-ca.pem"), null, null, true).clientContext(target.host(), target.port());
            }
        });
        maintenance = new MaintenanceMode(catalog, new PolicyFile(dir.resolve("maintenance.json")), new SimpleMeterRegistry());
        api = handler(List.of(), new ApiToken(TOKEN));
    }

    ManagementApiHandler handler(List<EventPolicy> fromConfig, ApiToken token) throws Exception {
        PolicyFile file = new PolicyFile(dir.resolve("policies/event-policies.json"));
        EventPolicies policies = new EventPolicies(parser, file, routes, fromConfig,
                parser.parseAll(file.read(), "persisted", EventPolicy.FROM_API));
        return new ManagementApiHandler(policies, maintenance, token);
    }

    static String json(Response response) throws Exception {
        return new ObjectMapper().writeValueAsString(response.body());
    }

    @Test
    void aPolicyCreatedIsListedKeptAndItsTargetsStarted() throws Exception {
        Response created = api.handle("POST", "/api/v1/event-policies", BEARER, SIEM);

        assertThat(created.status()).as(json(created)).isEqualTo(201);
        assertThat(routes.calls).containsExactly("start policy.siem.tcp.127.0.0.1.5514 bsd",
                "start policy.siem.udp.10.0.0.6.514 bsd");
        assertThat(json(api.handle("GET", "/api/v1/event-policies", null, null))).isEqualTo("{\"policies\":[{"
                + "\"name\":\"siem\",\"format\":\"bsd\",\"facility\":\"local3\",\"prefix\":\"venice-events\",\"targets\":["
                + "{\"destination\":\"127.0.0.1:5514\",\"transport\":\"tcp\"},{\"destination\":\"10.0.0.6:514\",\"transport\":\"udp\"}],"
                + "\"filters\":{\"min-severity\":\"warn\",\"categories\":[\"cluster\"],\"types\":[]},\"origin\":\"api\"}]}");
        assertThat(Files.readString(dir.resolve("policies/event-policies.json"))).contains("\"siem\"").doesNotContain("origin");

        routes.calls.clear();
        ManagementApiHandler afterRestart = handler(List.of(), new ApiToken(TOKEN));
        assertThat(json(afterRestart.handle("GET", "/api/v1/event-policies/siem", null, null)))
                .isEqualTo(json(api.handle("GET", "/api/v1/event-policies/siem", null, null)));
    }

    @Test
    void everyProblemOfABadPolicyIsListedAtOnce() throws Exception {
        Response response = api.handle("POST", "/api/v1/event-policies", BEARER, "{\"name\":\"Bad Name\","
                + "\"format\":\"json\",\"facility\":\"local9\",\"prefix\":\"has space\",\"colour\":\"red\",\"targets\":["
                + "{\"destination\":\"nohost\",\"transport\":\"udp\"},{\"destination\":\"h:514\",\"transport\":\"smtp\"},"
                + "{\"destination\":\"h:99999\",\"transport\":\"tcp\"},{\"destination\":\"h:514\",\"transport\":\"tls\"}],"
                + "\"filters\":{\"min-severity\":\"loud\",\"categories\":[\"weather\"],\"types\":[\"NO_SUCH_TYPE\"]}}");

        assertThat(response.status()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) ((Map<String, Object>) response.body()).get("problems");
        assertThat(problems).containsExactly(
                "colour: not a field; the fields are [facility, filters, format, name, origin, prefix, targets]",
                "name: 'Bad Name' must be 1 to 63 lower-case letters, digits and '-', starting with a letter or digit",
                "format: 'json' is not one of rfc5424, bsd",
                "facility: 'local9' is not a syslog facility (expected one of kern, user, mail, daemon, auth, syslog, "
                        + "lpr, news, uucp, cron, authpriv, ftp, ntp, audit, alert, clock, local0, local1, local2, "
                        + "local3, local4, local5, local6, local7)",
                "prefix: 'has space' must be 1 to 32 printable ASCII characters without spaces (it is the APP-NAME / TAG)",
                "targets[0].destination: 'nohost' is not host:port (a port 1..65535; an IPv6 address in brackets, [::1]:514)",
                "targets[1].transport: 'smtp' is not one of udp, tcp, tls",
                "targets[2].destination: 'h:99999' is not host:port (a port 1..65535; an IPv6 address in brackets, [::1]:514)",
                "targets[3]: " + dir.resolve("missing-ca.pem") + ": cannot be read (" + dir.resolve("missing-ca.pem") + ")",
                "filters.min-severity: 'loud' is not one of debug, info, warn, critical",
                "filters.categories: 'weather' is not one of [cluster, config, network, resource, rollout, system]",
                "filters.types: 'NO_SUCH_TYPE' is not a type of the event-type catalog");
        assertThat((String) ((Map<?, ?>) response.body()).get("error")).startsWith("12 problems with the request: colour: ");
        assertThat(routes.calls).isEmpty();
        assertThat(dir.resolve("policies/event-policies.json")).doesNotExist();
    }

    @Test
    void aBodyThatIsNotJsonOrMissingTargetsIsRefusedSaying() throws Exception {
        assertThat(json(api.handle("POST", "/api/v1/event-policies", BEARER, "{not json")))
                .contains("the body is not JSON");
        Response noTargets = api.handle("POST", "/api/v1/event-policies", BEARER, "{\"name\":\"x\"}");
        assertThat(noTargets.status()).isEqualTo(400);
        assertThat(json(noTargets)).contains("targets: missing; a policy needs at least one target");
    }

    @Test
    void changingCallsNeedTheToken() throws Exception {
        Response none = api.handle("POST", "/api/v1/event-policies", null, SIEM);
        Response wrong = api.handle("DELETE", "/api/v1/event-policies/siem", "Bearer nope", null);
        Response maintenanceWithout = api.handle("PUT", "/api/v1/maintenance", null, "{\"enabled\":true}");

        assertThat(none.status()).isEqualTo(401);
        assertThat(json(none)).contains("this call needs the header Authorization: Bearer <management.auth-token>");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(json(wrong)).contains("the bearer token is not management.auth-token").doesNotContain(TOKEN);
        assertThat(maintenanceWithout.status()).isEqualTo(401);
        assertThat(routes.calls).isEmpty();
        assertThat(maintenance.enabled()).isFalse();
        assertThat(api.handle("GET", "/api/v1/event-policies", null, null).status()).isEqualTo(200);
    }

    @Test
    void withoutATokenConfiguredChangingCallsAreRefusedWith403() throws Exception {
        ManagementApiHandler noToken = handler(List.of(), new ApiToken(""));

        Response refused = noToken.handle("POST", "/api/v1/event-policies", BEARER, SIEM);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(json(refused)).contains("changing calls of the management API are off: no token is configured "
                + "(set management.auth-token-file, or the environment variable MANAGEMENT_AUTH_TOKEN, and restart)");
    }

    @Test
    void anUpdateRestartsKeptTargetsDropsTheOthersAndADeleteDropsAll() throws Exception {
        api.handle("POST", "/api/v1/event-policies", BEARER, SIEM);
        routes.calls.clear();

        Response updated = api.handle("PUT", "/api/v1/event-policies/siem", BEARER, "{\"format\":\"rfc5424\",\"targets\":["
                + "{\"destination\":\"127.0.0.1:5514\",\"transport\":\"tcp\"},{\"destination\":\"10.0.0.7:514\",\"transport\":\"udp\"}]}");
        assertThat(updated.status()).as(json(updated)).isEqualTo(200);
        assertThat(routes.calls).containsExactly("drop policy.siem.udp.10.0.0.6.514",
                "start policy.siem.tcp.127.0.0.1.5514 rfc5424", "start policy.siem.udp.10.0.0.7.514 rfc5424");

        Response renamed = api.handle("PUT", "/api/v1/event-policies/siem", BEARER, SIEM.replace("\"siem\"", "\"other\""));
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(json(renamed)).contains("name: 'other' is not the policy of the URL, 'siem'");

        routes.calls.clear();
        assertThat(api.handle("DELETE", "/api/v1/event-policies/siem", BEARER, null).status()).isEqualTo(200);
        assertThat(routes.calls).containsExactly("drop policy.siem.tcp.127.0.0.1.5514", "drop policy.siem.udp.10.0.0.7.514");
        assertThat(api.handle("GET", "/api/v1/event-policies/siem", null, null).status()).isEqualTo(404);
        assertThat(api.handle("DELETE", "/api/v1/event-policies/siem", BEARER, null).status()).isEqualTo(404);
        assertThat(Files.readString(dir.resolve("policies/event-policies.json"))).doesNotContain("siem");
    }

    @Test
    void aPolicyOfTheConfigurationCannotBeChangedOverTheApiNorItsNameTaken() throws Exception {
        EventPolicy fixed = parser.parse(new ObjectMapper().readTree(SIEM), "", EventPolicy.FROM_CONFIG);
        ManagementApiHandler withConfig = handler(List.of(fixed), new ApiToken(TOKEN));

        Response put = withConfig.handle("PUT", "/api/v1/event-policies/siem", BEARER, SIEM);
        Response post = withConfig.handle("POST", "/api/v1/event-policies", BEARER, SIEM);

        assertThat(put.status()).isEqualTo(409);
        assertThat(json(put)).contains("policy 'siem' is defined in the configuration (events.policies-file): change it "
                + "there and restart");
        assertThat(post.status()).isEqualTo(409);
        assertThat(json(post)).contains("policy 'siem' exists already");
    }

    @Test
    void maintenanceModeIsShownTurnedOnAndOffAndKept() throws Exception {
        assertThat(json(api.handle("GET", "/api/v1/maintenance", null, null))).isEqualTo("{\"enabled\":false}");

        assertThat(json(api.handle("PUT", "/api/v1/maintenance", BEARER, "{\"enabled\":true}"))).isEqualTo("{\"enabled\":true}");
        assertThat(new MaintenanceMode(catalog, new PolicyFile(dir.resolve("maintenance.json")), new SimpleMeterRegistry())
                .enabled()).isTrue();
        Response bad = api.handle("PUT", "/api/v1/maintenance", BEARER, "{\"enabled\":\"yes\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad)).contains("expected {\\\"enabled\\\": true} or {\\\"enabled\\\": false}");
        assertThat(maintenance.enabled()).isTrue();
    }
}
