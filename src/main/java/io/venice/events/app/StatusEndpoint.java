package io.venice.events.app;

import java.util.Map;

import io.venice.events.json.EventJson;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * {@code GET /status} on the management server (beside {@code /metrics} and {@code /health}): each writer's state,
 * lag and last error as JSON ({@link WriterStatuses}), what the {@code status} command reads. A route of the
 * management server's router, added once the context started, as {@link MetricsNegotiation} is: Camel's
 * {@code platform-http} routes go to the other HTTP server ({@code camel.server.*}), not to this one.
 */
final class StatusEndpoint extends SimpleEventNotifierSupport {

    static final String PATH = "/status";

    private final CamelContext context;
    private final WriterStatuses statuses;

    StatusEndpoint(CamelContext context, WriterStatuses statuses) {
        this.context = context;
        this.statuses = statuses;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return;
        }
        server.getRouter().route(HttpMethod.GET, PATH).blockingHandler(this::answer, false);
    }

    private void answer(RoutingContext routing) {
        String body;
        try {
            body = EventJson.write(statuses.status());
        } catch (RuntimeException e) {
            routing.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                    .end(EventJson.write(Map.of("error", SafeErrorText.of(e))));
            return;
        }
        routing.response().putHeader("Content-Type", "application/json").end(body);
    }
}
