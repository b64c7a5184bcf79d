package io.venice.events.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.policies.EventPolicies;
import io.venice.events.policies.ManagementApiHandler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once Camel has started: the event policies' targets start (their route template is loaded by then), and
 * {@code /api/v1/*} is put on the management HTTP server (management.port), as {@link MetricsNegotiation} puts
 * its route there: bodies of at most {@value ManagementApiHandler#MAX_BODY_BYTES} bytes (413 beyond), answered
 * by {@link ManagementApiHandler} on a worker thread.
 */
final class ManagementApi extends ManagementRouterExtension {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventPolicies policies;
    private final ManagementApiHandler handler;

    ManagementApi(CamelContext context, EventPolicies policies, ManagementApiHandler handler) {
        super(context);
        this.policies = policies;
        this.handler = handler;
    }

    @Override
    void contextStarted() throws Exception {
        policies.startAll();
    }

    @Override
    void noServer() {
        LOG.info("The management server is off (management.enabled=false): no management API");
    }

    @Override
    void addTo(Router router, ManagementHttpServer server) {
        router.route("/api/v1/*").order(-2)
                .handler(BodyHandler.create(false).setBodyLimit(ManagementApiHandler.MAX_BODY_BYTES));
        router.route("/api/v1/*").order(-1).blockingHandler(this::answer, false);
    }

    private void answer(RoutingContext routing) {
        ManagementApiHandler.Response response = handler.handle(routing.request().method().name(),
                routing.normalizedPath(), routing.request().getHeader("Authorization"),
                routing.body() == null ? null : routing.body().asString());
        String body;
        try {
            body = JSON.writeValueAsString(response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (response.status() == 401) {
            routing.response().putHeader("WWW-Authenticate", "Bearer");
        }
        routing.response().setStatusCode(response.status()).putHeader("Content-Type", "application/json")
                .end(body + "\n");
    }
}
