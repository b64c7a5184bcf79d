package io.venice.events.testing;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.testing.DeliveryLedger.Delivery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryLedgerTest {

    /** "a" acknowledged 3 times, "b" once. */
    static DeliveryLedger ledger() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.acknowledged("a");
        ledger.acknowledged("b");
        ledger.acknowledged("a");
        ledger.acknowledged("a");
        return ledger;
    }

    @Test
    void holdsWhenTheHighestCountPerUuidSumsToTheAcknowledgedOccurrencesDuplicatesIncluded() {
        DeliveryLedger ledger = ledger();
        List<Delivery> delivered = List.of(
                new Delivery("a", "u1", 1), new Delivery("b", "u2", 1), new Delivery("a", "u1", 2),
                new Delivery("a", "u1", 2), new Delivery("a", "u1", 3), new Delivery("a", "u1", 3));

        assertThat(ledger.contractBroken("venice", delivered)).isEmpty();
        ledger.assertContract("venice", delivered);
        assertThat(ledger.acknowledgedTotal()).isEqualTo(4);
        assertThat(ledger.acknowledgedByMessage()).isEqualTo(Map.of("a", 3, "b", 1));
    }

    @Test
    void holdsWhenASeriesWasSplitOverTwoUuids() {
        // e.g. a window that could not be rebuilt: 2 occurrences under u1, then a new series u3 with 1
        assertThat(ledger().contractBroken("file", List.of(new Delivery("a", "u1", 2), new Delivery("a", "u3", 1),
                new Delivery("b", "u2", 1)))).isEmpty();
    }

    @Test
    void failsOnALostOccurrenceNamingTheMessageAndTheWriter() {
        List<Delivery> delivered = List.of(new Delivery("a", "u1", 1), new Delivery("a", "u1", 2),
                new Delivery("b", "u2", 1));

        assertThatThrownBy(() -> ledger().assertContract("venice", delivered))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("writer venice broke the delivery contract")
                .hasMessageContaining("acknowledged 4 events of 2 messages, delivered 3")
                .hasMessageContaining("\"a\": acknowledged 3, delivered 2 (1 lost")
                .hasMessageNotContaining("\"b\"");
    }

    @Test
    void failsOnAnInflatedCount() {
        List<Delivery> delivered = List.of(new Delivery("a", "u1", 4), new Delivery("b", "u2", 1));

        assertThatThrownBy(() -> ledger().assertContract("syslog", delivered))
                .hasMessageContaining("writer syslog broke the delivery contract")
                .hasMessageContaining("\"a\": acknowledged 3, delivered 4 (inflated");
        assertThatThrownBy(() -> ledger().assertNotInflated("syslog", delivered))
                .hasMessageContaining("writer syslog delivered inflated counts")
                .hasMessageContaining("\"a\": acknowledged 3, delivered 4 (inflated");
    }

    @Test
    void failsOnAMessageThatNeverArrivedAndOnOneNeverAcknowledged() {
        assertThatThrownBy(() -> ledger().assertContract("file", List.of(new Delivery("a", "u1", 3))))
                .hasMessageContaining("\"b\": acknowledged 1, delivered 0 (1 lost; never delivered)");
        assertThatThrownBy(() -> ledger().assertContract("file", List.of(new Delivery("a", "u1", 3),
                new Delivery("b", "u2", 1), new Delivery("c", "u9", 1))))
                .hasMessageContaining("\"c\": never acknowledged, delivered 1");
    }

    @Test
    void theWeakerCheckAcceptsLossButNotInflation() {
        DeliveryLedger ledger = ledger();
        assertThat(ledger.inflated("venice", List.of(new Delivery("a", "u1", 2)))).isEmpty();
        assertThat(ledger.inflated("venice", List.of(new Delivery("a", "u1", 2), new Delivery("a", "u5", 2))))
                .get().asString().contains("\"a\": acknowledged 3, delivered 4 (inflated");
    }

    @Test
    void readsUuidMessageAndCountFromEventJsonAndFromSyslogStructuredData() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(Delivery.of(json.readTree("{\"meta\":{\"uuid\":\"u1\"},\"message\":\"m\",\"count\":7}")))
                .isEqualTo(new Delivery("m", "u1", 7));
        assertThat(Delivery.of(json.readTree("{\"meta\":{\"uuid\":\"u1\"},\"message\":\"m\"}")))
                .as("a missing count is 1").isEqualTo(new Delivery("m", "u1", 1));

        ReceivedSyslog syslog = new ReceivedSyslog(14, 1, 6, "leaf1", "venice-events", "-", "LINK_DOWN",
                "[event@32473 uuid=\"u2\" type=\"LINK_DOWN\" severity=\"warn\" category=\"network\" count=\"12\""
                        + " component=\"linkmgr\" node=\"leaf1\"]",
                "port eth1 down", "venice-events", "venice-events", "1", "2026-11-27T00:00:00Z", "raw");
        assertThat(Delivery.of(syslog)).isEqualTo(new Delivery("port eth1 down", "u2", 12));
    }

    /** "a" acknowledged 3 times (uuids a1, a2, a3), "b" once (b1), each with the uuid its sender gave it. */
    static DeliveryLedger ledgerWithUuids() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.acknowledged("a", "a1");
        ledger.acknowledged("b", "b1");
        ledger.acknowledged("a", "a2");
        ledger.acknowledged("a", "a3");
        return ledger;
    }

    @Test
    void perUuidHoldsWhenEachMessageIsOneSeriesUnderTheUuidOfAnAcknowledgedOccurrence() {
        DeliveryLedger ledger = ledgerWithUuids();
        List<Delivery> delivered = List.of(new Delivery("a", "a1", 1), new Delivery("b", "b1", 1),
                new Delivery("a", "a1", 3), new Delivery("a", "a1", 2), new Delivery("a", "a1", 3));

        assertThat(ledger.seriesBroken("venice", delivered)).isEmpty();
        assertThat(ledger.contractBroken("venice", delivered)).isEmpty();
        assertThat(ledger.acknowledgedByMessage()).isEqualTo(Map.of("a", 3, "b", 1));
    }

    @Test
    void perUuidFailsOnASeriesSplitOverTwoUuidsThoughTheSumsHold() {
        DeliveryLedger ledger = ledgerWithUuids();
        List<Delivery> delivered = List.of(new Delivery("a", "a1", 2), new Delivery("a", "a3", 1),
                new Delivery("b", "b1", 1));

        assertThat(ledger.contractBroken("file", delivered)).isEmpty();
        assertThat(ledger.seriesBroken("file", delivered)).get().asString()
                .contains("writer file broke the delivery contract per uuid")
                .contains("\"a\": delivered under 2 uuids, expected one series of 3 acknowledged occurrences");
    }

    @Test
    void perUuidFailsOnAUuidNeverAcknowledgedOrAcknowledgedForAnotherMessage() {
        assertThat(ledgerWithUuids().seriesBroken("syslog", List.of(new Delivery("a", "zz", 3),
                new Delivery("b", "b1", 1)))).get().asString()
                .contains("uuid zz delivered with \"a\" (highest count 3): the sender never had an event with that"
                        + " uuid acknowledged");
        assertThat(ledgerWithUuids().seriesBroken("syslog", List.of(new Delivery("a", "b1", 3),
                new Delivery("b", "b1", 1)))).get().asString()
                .contains("uuid b1 delivered with \"a\" (highest count 3), but the sender sent that uuid with \"b\"");
    }

    @Test
    void perUuidFailsOnALostOrInflatedCountNamingTheUuidExpectedAndSeen() {
        assertThat(ledgerWithUuids().seriesBroken("venice", List.of(new Delivery("a", "a2", 2),
                new Delivery("b", "b1", 1)))).get().asString()
                .contains("uuid a2 (\"a\"): highest count 2, acknowledged 3 (1 lost)");
        assertThat(ledgerWithUuids().seriesBroken("venice", List.of(new Delivery("a", "a2", 4),
                new Delivery("b", "b1", 1)))).get().asString()
                .contains("uuid a2 (\"a\"): highest count 4, acknowledged 3 (inflated)");
        assertThat(ledgerWithUuids().seriesBroken("venice", List.of(new Delivery("a", "a1", 3)))).get().asString()
                .contains("\"b\": acknowledged 1, never delivered");
    }

    @Test
    void aUuidRecordedTwiceIsASenderBug() {
        DeliveryLedger ledger = ledgerWithUuids();
        assertThatThrownBy(() -> ledger.acknowledged("a", "a2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uuid a2 recorded as acknowledged twice");
        assertThat(ledger.acknowledgedOf("a")).isEqualTo(3);
    }
}
