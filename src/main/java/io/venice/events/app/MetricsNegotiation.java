package io.venice.events.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;

/**
 * {@code GET /metrics} negotiated as a Prometheus server expects: camel-micrometer-prometheus declares its route
 * as producing exactly {@code text/plain; version=0.0.4; charset=utf-8}, so Vert.x answers {@code 406} to an
 * {@code Accept: text/plain} and to {@code Accept: application/openmetrics-text} (what Prometheus itself sends
 * first). This route, ahead of that one on the management server, answers those two: OpenMetrics when asked
 * for, the 0.0.4 text format for {@code text/plain}; any other request goes on to Camel's route as before.
 */
final class MetricsNegotiation extends ManagementRouterExtension {

    static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_100 = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final String path;

    MetricsNegotiation(org.apache.camel.CamelContext context, PrometheusMeterRegistry registry, String path) {
        super(context);
        this.registry = registry;
        this.path = path;
    }

    @Override
    void addTo(Router router, ManagementHttpServer server) {
        if (server.isMetricsEnabled()) {
            router.route(HttpMethod.GET, path).order(-1).blockingHandler(this::scrape, false);
        }
    }

    /** The format {@code accept} asks for, or null when it names neither (Camel's route answers it). */
    static String formatFor(String accept) {
        if (accept == null) {
            return null;
        }
        if (accept.contains("application/openmetrics-text")) {
            return OPENMETRICS_100;
        }
        return accept.contains("text/plain") ? TEXT_004 : null;
    }

    private void scrape(RoutingContext routing) {
        String format = formatFor(routing.request().getHeader("Accept"));
        if (format == null) {
            routing.next();
            return;
        }
        routing.response().putHeader("Content-Type", format).end(registry.scrape(format));
    }
}
