package io.venice.events.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.venice.events.model.EventCatalog;
import io.venice.events.model.Quoted;
import io.venice.events.proxy.EventValidator.TypeCheck;
import io.venice.events.proxy.ProxyIntakeTest.Result;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static io.venice.events.proxy.ProxyIntakeTest.LINK_DOWN;
import static io.venice.events.proxy.ProxyIntakeTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** What a sender can make the proxy send back: a reply per line, but never much more than the line. */
class ReplySizeTest {

    /** The worst reply/request ratio, in bytes with their newlines: an empty line ("\n", 1 byte) and its 40-byte reply. */
    static final double WORST_RATIO = 40;

    final EventCatalog catalog = ProxyIntakeTest.shippedCatalog();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ProxyIntake intake = new ProxyIntake(new EventValidator(catalog, TypeCheck.STRICT),
            new EventDefaults(catalog, "proxy-node", false, new MutableClock(ProxyIntakeTest.NOW)), meters);

    Result handle(String line) {
        return ProxyIntakeTest.handle(intake, line);
    }

    static String list(String item, int items) {
        return "{\"kind\":\"EventList\",\"items\":[" + String.join(",", java.util.Collections.nCopies(items, item)) + "]}";
    }

    double rejected(String reason) {
        return meters.get(ProxyIntake.REJECTED).tag("reason", reason).counter().count();
    }

    @Test
    void listsTheFirst100RejectedItemsOfAHugeListAndTheirTotal() {
        String request = list("1", 100_000);

        Result result = handle(request);
        JsonNode reply = json(result.reply());

        assertThat(reply.get("error").asText())
                .isEqualTo("100000 of 100000 items rejected; the first 100 listed; the others were accepted");
        assertThat(reply.get("accepted").asInt()).isZero();
        assertThat(reply.get("rejected")).hasSize(100);
        assertThat(reply.get("rejected").get(99).get("index").asInt()).isEqualTo(99);
        assertThat(reply.get("rejected-total").asInt()).isEqualTo(100_000);
        assertThat(rejected("invalid")).as("every item counted").isEqualTo(100_000);
        assertThat(result.reply().length()).as("was 6 MB, 31 times the request").isLessThan(request.length() / 20);
    }

    @Test
    void takesTheGoodItemsOfAListWhoseRejectedItemsAreNotAllListed() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add(i % 3 == 0 ? LINK_DOWN : "{\"type\":\"LINK_UP\"}");
        }

        Result result = handle("{\"kind\":\"EventList\",\"items\":[" + String.join(",", items) + "]}");
        JsonNode reply = json(result.reply());

        assertThat(result.accepted()).hasSize(100);
        assertThat(reply.get("accepted").asInt()).isEqualTo(100);
        assertThat(reply.get("rejected-total").asInt()).isEqualTo(200);
        assertThat(reply.get("rejected")).hasSize(100);
        assertThat(reply.get("rejected").get(99).get("error").asText())
                .as("the 100th rejected item is item 149").isEqualTo("items[149].severity: missing (one of info, warn, critical, debug)");
    }

    @Test
    void answersAListWithAFewRejectedItemsWithTheirTotalToo() {
        JsonNode reply = json(handle("{\"kind\":\"EventList\",\"items\":[" + LINK_DOWN + ",{}]}").reply());

        assertThat(reply.get("error").asText()).isEqualTo("1 of 2 items rejected; the others were accepted");
        assertThat(reply.get("rejected-total").asInt()).isEqualTo(1);
    }

    @Test
    void neverAnswersALineWithMoreThan40TimesItsBytes() {
        List<byte[]> requests = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            if (b != '\n') {
                requests.add(new byte[] {(byte) b}); // every one-byte line, as LineBatchDecoder hands it on
            }
        }
        for (String line : new String[] {"", "\r", "{}", "[]", "\"\"", "00", "{\"", "nul", "[[[", "{\"kind\":\"EventList\"}",
                "{\"kind\":\"EventList\",\"items\":1}", "{\"a\":1}", list("1", 100), list("{}", 100), list("[]", 100),
                list("null", 100), list("\"\"", 100), list("1", 101), list("{}", 1000), list("1", 100_000)}) {
            requests.add(line.getBytes(StandardCharsets.UTF_8));
        }

        double worst = 0;
        String worstLine = null;
        for (byte[] request : requests) {
            String line = new String(request, StandardCharsets.UTF_8);
            String reply = handle(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).reply();
            double ratio = (reply.getBytes(StandardCharsets.UTF_8).length + 1.0) / (request.length + 1.0);
            if (ratio > worst) {
                worst = ratio;
                worstLine = line;
            }
        }

        assertThat(worst).as("reply/request for " + Quoted.of(worstLine)).isLessThanOrEqualTo(WORST_RATIO);
    }

    @Test
    void answersAnEmptyLineWithAShortError() {
        assertThat(handle("").reply()).isEqualTo("{\"status\":\"error\",\"error\":\"empty line\"}");
    }
}
