package io.venice.events.model;

import io.venice.events.json.EventJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    static final String FULL = "{\"kind\":\"Event\",\"meta\":{\"name\":\"0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01\","
            + "\"tenant\":\"default\",\"namespace\":\"default\",\"uuid\":\"0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01\","
            + "\"labels\":{\"rack\":\"r12\"},\"creation-time\":\"2026-11-27T10:00:00.123456789Z\","
            + "\"mod-time\":\"2026-11-27T10:00:05Z\",\"self-link\":\"/events/v1/events/0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01\"},"
            + "\"type\":\"DSC_NOT_ADMITTED\",\"severity\":\"warn\",\"message\":\"DSC for host [sim_host1035] not admitted.\","
            + "\"category\":\"cluster\",\"object-ref\":{\"tenant\":\"default\",\"namespace\":\"default\",\"kind\":\"Node\","
            + "\"name\":\"20.0.1.61\",\"uri\":\"/configs/cluster/v1/nodes/20.0.1.61\"},"
            + "\"source\":{\"component\":\"pen-npm\",\"node-name\":\"20.0.1.61\"},\"count\":3}";

    @Test
    void roundTripsTheVeniceEventJsonUnchanged() {
        assertThat(EventJson.write(EventJson.read(FULL, Event.class))).isEqualTo(FULL);
    }

    @Test
    void ignoresUnknownFields() {
        String withExtras = FULL.replace("\"count\":3}", "\"count\":3,\"future-field\":{\"x\":1}}");

        assertThat(EventJson.write(EventJson.read(withExtras, Event.class))).isEqualTo(FULL);
    }

    @Test
    void writesAnEventListAsVeniceExpectsIt() {
        Event event = EventJson.read(FULL, Event.class);

        assertThat(EventJson.write(EventList.of(java.util.List.of(event)))).isEqualTo("{\"kind\":\"EventList\",\"items\":[" + FULL + "]}");
    }

    @Test
    void writesInstantsAsJacksonsJavaTimeModuleDoes() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper javaTime = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        for (String text : new String[] {"2026-12-01T17:17:03Z", "2026-12-01T17:17:03.120Z", "2026-12-01T17:17:03.000120Z",
                "2026-12-01T17:17:03.000000120Z", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            java.time.Instant instant = java.time.Instant.parse(text);
            assertThat(EventJson.write(java.util.List.of(instant))).isEqualTo(javaTime.writeValueAsString(java.util.List.of(instant)));
        }
    }
}
