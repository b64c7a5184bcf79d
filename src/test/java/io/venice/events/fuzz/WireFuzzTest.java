package io.venice.events.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.venice.events.proxy.EventValidator;
import io.venice.events.proxy.ProxyIntake;
import io.venice.events.proxy.WireDecoder;
import io.venice.events.proxy.WireException;

/**
 * Any request line gets the proxy's decoder and validators to one answer: events (each item an event or an
 * error naming why), or a {@link WireException} with a message for the sender; never another exception, and
 * every error fits a one-line reply. Seeds: src/test/resources/fuzz/wire (the probes of hostile input).
 * {@code mvn verify} fuzzes it for a bounded time (the fuzz-wire execution of the pom).
 */
class WireFuzzTest {

    /** A quote in a libFuzzer dictionary entry. */
    private static final String Q = "\\\"";

    @FuzzTest(maxDuration = "7s")
    // libFuzzer dictionary syntax: \" for a quote, \\ for a backslash
    @DictionaryEntries({"{", "}", "[", "]", Q + "kind" + Q + ":" + Q + "EventList" + Q, Q + "items" + Q + ":",
            Q + "type" + Q + ":" + Q + "LINK_DOWN" + Q, Q + "severity" + Q + ":" + Q + "warn" + Q,
            Q + "source" + Q + ":{" + Q + "component" + Q + ":" + Q + "c" + Q + "}", Q + "meta" + Q + ":{",
            Q + "uuid" + Q + ":", Q + "creation-time" + Q + ":", Q + "mod-time" + Q + ":", Q + "count" + Q + ":",
            Q + "message" + Q + ":", Q + "object-ref" + Q + ":{", Q + "labels" + Q + ":{", "\\\\u0000", "\\\\ud800",
            "1e999", "+1000000000-12-31T23:59:59.999999999Z", "2147483647", "-1", "null", "true"})
    void anyLineIsEventsOrOneWireErrorAndNothingElse(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        WireDecoder.Request request;
        try {
            request = FuzzSubjects.DECODER.decode(line);
        } catch (WireException e) {
            assertThat(e.getMessage()).as("the reply's error").isNotBlank();
            assertOneLineReply(e.getMessage());
            return;
        }
        if (!request.list()) {
            assertThat(request.items()).as("a line that is not an EventList is one item").hasSize(1);
        }
        for (WireDecoder.Item item : request.items()) {
            if (item.event() == null) {
                assertThat(item.error()).as("an item that is not an event says why").isNotBlank();
                assertOneLineReply(item.error());
                continue;
            }
            assertThat(item.error()).isNull();
            for (EventValidator validator : new EventValidator[] {FuzzSubjects.STRICT, FuzzSubjects.ACCEPT_UNKNOWN}) {
                Optional<EventValidator.Problem> problem = validator.problemWith(item.event());
                problem.ifPresent(p -> {
                    assertThat(p.message()).isNotBlank();
                    assertThat(p.reason()).isNotNull();
                    assertOneLineReply(p.message());
                });
            }
        }
    }

    private static void assertOneLineReply(String error) {
        assertThat(ProxyIntake.errorReply(error)).doesNotContain("\n", "\r");
    }
}
