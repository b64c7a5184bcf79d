package io.venice.events.app;

import java.util.Map;

import io.venice.events.json.EventJson;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;

/**
 * {@code GET /status} on the management server (beside {@code /metrics} and {@code /health}): each writer's state,
 * lag and last error as JSON ({@link WriterStatuses}), what the {@code status} command reads. A route of the
 * management server's router ({@link ManagementRouterExtension}).
 */
final class StatusEndpoint extends ManagementRouterExtension {

    static final String PATH = "/status";

    private final WriterStatuses statuses;

    StatusEndpoint(CamelContext context, WriterStatuses statuses) {
        super(context);
        this.statuses = statuses;
    }

    @Override
    void addTo(Router router, ManagementHttpServer server) {
        router.route(HttpMethod.GET, PATH).blockingHandler(this::answer, false);
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
