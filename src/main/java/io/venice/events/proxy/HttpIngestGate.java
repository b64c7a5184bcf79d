package io.venice.events.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.venice.events.json.EventJson;
import io.venice.events.model.Quoted;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front of {@code POST /events} on Camel Main's embedded HTTP server (Vert.x), ahead of the http-ingest
 * route's platform-http consumer, as that route's {@link org.apache.camel.spi.RoutePolicy}:
 * <ul>
 * <li>admits at most {@code proxy.http-max-requests} requests at once, before their bodies are read (so bodies
 * held in memory are bounded by that times {@code proxy.max-line-bytes}); one more is answered {@code 503} with
 * {@code Retry-After} and a {@code "retry":true} reply, counted in {@value #REFUSED}, and its connection closed
 * (a WARN line when the limit is first reached, not one per refusal); so is a request while a graceful stop has
 * suspended the route's consumer, or once it is stopped;</li>
 * <li>answers what Vert.x refuses by itself with a JSON error reply instead of an empty or HTML body: {@code 405}
 * (with {@code Allow: POST}), {@code 413} (the TCP proxy's reply to a line longer than {@code
 * proxy.max-line-bytes}, counted as {@code oversized} by {@link ProxyIntake}), {@code 415} and {@code 404}.</li>
 * </ul>
 * The Throttle EIP cannot do the first: the consumer reads the whole body before the route runs.
 */
public final class HttpIngestGate extends RoutePolicySupport {

    /** Micrometer name of the count of requests refused at the limit ({@code venice_events_proxy_http_refused_total}). */
    public static final String REFUSED = "venice.events.proxy.http.refused";
    /** Seconds a client told to retry is asked to wait. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(HttpIngestGate.class);
    private static final String JSON = "application/json";

    private final String path;
    private final int maxRequests;
    private final int maxBodyBytes;
    private final ProxyIntake intake;
    private final Counter refused;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private volatile boolean installed;
    /** The http-ingest route: its consumer says whether requests can be taken. */
    private volatile Route route;

    public HttpIngestGate(String path, int maxRequests, int maxBodyBytes, ProxyIntake intake, MeterRegistry meters) {
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be positive, got " + maxRequests);
        }
        this.path = path;
        this.maxRequests = maxRequests;
        this.maxBodyBytes = maxBodyBytes;
        this.intake = intake;
        this.refused = Counter.builder(REFUSED)
                .description("Requests to POST /events refused because proxy.http-max-requests were in progress")
                .register(meters);
    }

    @Override
    public void onInit(Route route) {
        super.onInit(route);
        this.route = route;
        install(route.getCamelContext());
    }

    /**
     * Also fails the start when the embedded server is not listening: Vert.x only logs a port it cannot bind, and
     * the runner would run without its HTTP ingest.
     */
    @Override
    public void onStart(Route route) {
        install(route.getCamelContext());
        MainHttpServer server = route.getCamelContext().hasService(MainHttpServer.class);
        if (server == null || server.getRouter() == null) {
            throw new IllegalStateException("the HTTP ingest has no server: camel.server.enabled must be the value of "
                    + "proxy.http-enabled");
        }
        // Vert.x's own server class says whether it listens (actualPort() is set even when the bind failed)
        io.vertx.core.http.HttpServer vertx = server.getRouter().getServer().getServer();
        if (vertx == null || vertx instanceof TCPServerBase base && !base.isListening()) {
            throw new IllegalStateException("proxy.http-port: cannot listen on " + server.getHost() + ":"
                    + server.getPort() + " (is another process using that port?)");
        }
    }

    /**
     * Whether the route's consumer takes requests: not while a graceful stop has suspended it, nor once it is
     * stopped (its Vert.x route is gone then: the request would find nothing at the path).
     */
    private boolean taking() {
        Route current = route;
        return current != null && current.getConsumer() instanceof StatefulService consumer && consumer.isStarted();
    }

    /** Adds the handlers to the main server's router, once, as soon as there is one (none while it is off). */
    private synchronized void install(CamelContext context) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (installed || server == null || server.getRouter() == null) {
            return;
        }
        Router router = server.getRouter();
        // handlers of the embedded server's own router (the consumer's is one of them): Vert.x's answers of its
        // root router (405, 415, 404 with empty or HTML bodies) cannot be replaced from here, so the gate answers first
        router.route(path).order(-1).handler(this::admit).failureHandler(this::failed);
        router.route().order(Integer.MAX_VALUE).handler(routing -> end(routing, 404,
                error("nothing at " + Quoted.of(routing.request().path()) + "; send events to POST " + path)));
        installed = true;
    }

    private void admit(RoutingContext routing) {
        if (routing.request().method() != HttpMethod.POST) {
            routing.response().putHeader("Allow", "POST");
            end(routing, 405, error("method " + Quoted.of(routing.request().method().name())
                    + " not allowed; send POST " + path));
            return;
        }
        String contentType = routing.request().getHeader("Content-Type");
        if (!isJson(contentType)) {
            end(routing, 415, error((contentType == null ? "no Content-Type" : "Content-Type " + Quoted.of(contentType)
                    + " is not JSON") + "; send Content-Type: application/json"));
            return;
        }
        if (!taking()) {
            refuse(routing, "the HTTP ingest is not running (stopping or stopped); send again later");
            return;
        }
        if (inFlight.incrementAndGet() > maxRequests) {
            inFlight.decrementAndGet();
            refused.increment();
            if (refusing.compareAndSet(false, true)) {
                LOG.warn("proxy.http-max-requests={} requests are in progress: refusing more (503 with Retry-After) until "
                        + "some are answered; venice_events_proxy_http_refused_total counts them", maxRequests);
            }
            refuse(routing, "too many requests in progress (proxy.http-max-requests=" + maxRequests + "); try again later");
            return;
        }
        if (refusing.compareAndSet(true, false)) {
            LOG.info("requests in progress below proxy.http-max-requests={} again: taking new ones", maxRequests);
        }
        AtomicBoolean done = new AtomicBoolean();
        routing.addEndHandler(ended -> {
            if (done.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        });
        routing.next();
    }

    /** {@code application/json}, with parameters or without ({@code ; charset=utf-8}), in any case. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        return (end < 0 ? contentType : contentType.substring(0, end)).trim().equalsIgnoreCase("application/json");
    }

    /**
     * A failure of a later handler: the body handler's 413 is the TCP proxy's reply to a line too long, counted the
     * same (received, rejected as oversized); anything else is Vert.x's to answer.
     */
    private void failed(RoutingContext routing) {
        if (routing.statusCode() == 413) {
            end(routing, 413, intake.replies(intake.read(new OversizedLine(maxBodyBytes)), null));
        } else {
            routing.next();
        }
    }

    /** 503 with Retry-After, the body unread. */
    private void refuse(RoutingContext routing, String why) {
        Map<String, Object> reply = errorFields(why);
        reply.put("retry", true);
        routing.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        end(routing, 503, EventJson.write(reply));
    }

    private static String error(String why) {
        return EventJson.write(errorFields(why));
    }

    private static Map<String, Object> errorFields(String why) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "error");
        reply.put("error", why);
        return reply;
    }

    /**
     * Answers {@code body} as JSON. An answer here may leave some of the request unread (a body refused before it
     * was read, the rest of one too long): the connection is closed once answered rather than left to drain it.
     */
    private static void end(RoutingContext routing, int status, String body) {
        if (routing.response().ended()) {
            return;
        }
        routing.response().setStatusCode(status).putHeader("Content-Type", JSON).putHeader("Connection", "close")
                .end(body);
    }
}
