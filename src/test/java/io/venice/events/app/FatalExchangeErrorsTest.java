package io.venice.events.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.venice.events.testing.LogCapture;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error thrown by a route step becomes the exchange's exception in Camel; the notifier halts on it instead of
 * letting a retrying error handler go round for ever. The halt is a stand-in that records the exit status.
 */
class FatalExchangeErrorsTest {

    final List<Integer> halts = new CopyOnWriteArrayList<>();
    final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void start() throws Exception {
        camel.getManagementStrategy().addEventNotifier(new FatalExchangeErrors(new FatalErrors(halts::add)));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:retrying").routeId("retrying")
                        .errorHandler(defaultErrorHandler().maximumRedeliveries(2).redeliveryDelay(0))
                        .bean(FatalExchangeErrorsTest.class, "fail(${body})");
                from("direct:handled").routeId("handled")
                        .onException(Throwable.class).handled(true).setBody(constant("told to retry")).end()
                        .bean(FatalExchangeErrorsTest.class, "fail(${body})");
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    /** Throws what the body names. */
    public static void fail(String what) {
        switch (what) {
            case "stack" -> throw new StackOverflowError();
            case "linkage" -> throw new NoClassDefFoundError("io/venice/events/model/Event");
            default -> throw new IllegalStateException("an ordinary failure");
        }
    }

    @Test
    void haltsWhenARetriedStepThrowsAnErrorWithOneLineNamingTheRoute() {
        try (LogCapture log = LogCapture.start()) {
            camel.createProducerTemplate().request("direct:retrying", e -> e.getMessage().setBody("stack"));

            assertThat(halts).isNotEmpty().containsOnly(3);
            assertThat(log.lines()).filteredOn(line -> line.startsWith("ERROR")).first().asString()
                    .isEqualTo("ERROR fatal error in route retrying, halting with exit status 3 (a supervisor should "
                            + "restart the runner): java.lang.StackOverflowError");
        }
    }

    @Test
    void haltsWhenAnErrorIsHandledByAnOnException() {
        camel.createProducerTemplate().request("direct:handled", e -> e.getMessage().setBody("linkage"));

        assertThat(halts).isNotEmpty().containsOnly(3);
    }

    @Test
    void letsAnOrdinaryFailureBeRetriedAndFail() {
        var result = camel.createProducerTemplate().request("direct:retrying", e -> e.getMessage().setBody("other"));

        assertThat(result.getException()).hasMessage("an ordinary failure");
        assertThat(halts).isEmpty();
    }
}
