package io.venice.events.app;

import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * Routes of the runner's own on the management server's Vert.x router (/metrics negotiation, /status, /api/v1),
 * added once the Camel context started, when the server exists. Camel's {@code platform-http} routes go to the
 * other HTTP server ({@code camel.server.*}), not to this one: its router is the only way onto this port.
 */
abstract class ManagementRouterExtension extends SimpleEventNotifierSupport {

    private final CamelContext context;

    ManagementRouterExtension(CamelContext context) {
        this.context = context;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public final boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public final void notify(CamelEvent event) throws Exception {
        contextStarted();
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            noServer();
            return;
        }
        addTo(server.getRouter(), server);
    }

    /** What to do once the context started, server or not. */
    void contextStarted() throws Exception {
    }

    /** The management server is off (management.enabled=false). */
    void noServer() {
    }

    abstract void addTo(Router router, ManagementHttpServer server);
}
