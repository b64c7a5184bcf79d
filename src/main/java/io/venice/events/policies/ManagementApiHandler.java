package io.venice.events.policies;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.dispatcher.MaintenanceMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API, apart from HTTP: {@code /api/v1/event-policies} (GET list, POST create; GET, PUT, DELETE
 * {@code /{name}}) and {@code /api/v1/maintenance} (GET, PUT {@code {"enabled": true|false}}), JSON in and out.
 * Calls that change something need the {@link ApiToken}. A bad request gets 400 with every problem listed:
 * {@code {"status":"error","error":"...","problems":[...]}}.
 */
public final class ManagementApiHandler {

    public static final String POLICIES = "/api/v1/event-policies";
    public static final String MAINTENANCE = "/api/v1/maintenance";
    /** Largest request body read. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** An answer: HTTP status and JSON body. */
    public record Response(int status, Object body) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventPolicies policies;
    private final MaintenanceMode maintenance;
    private final ApiToken token;

    public ManagementApiHandler(EventPolicies policies, MaintenanceMode maintenance, ApiToken token) {
        this.policies = policies;
        this.maintenance = maintenance;
        this.token = token;
    }

    /** @param path the request's path, from {@code /api/v1/} on; {@code body} the request body (null: none) */
    public Response handle(String method, String path, String authorization, String body) {
        try {
            if (path.equals(MAINTENANCE)) {
                return maintenance(method, authorization, body);
            }
            if (path.equals(POLICIES) || path.equals(POLICIES + "/")) {
                return switch (method) {
                    case "GET" -> new Response(200, Map.of("policies",
                            policies.list().stream().map(EventPolicy::toJson).toList()));
                    case "POST" -> authorized(authorization).orElseGet(() -> created(body));
                    default -> notAllowed(method, "GET, POST");
                };
            }
            if (path.startsWith(POLICIES + "/")) {
                String name = path.substring(POLICIES.length() + 1);
                return switch (method) {
                    case "GET" -> policies.find(name).map(policy -> new Response(200, policy.toJson()))
                            .orElseGet(() -> error(404, "no policy is named '" + name + "'", List.of()));
                    case "PUT" -> authorized(authorization).orElseGet(() -> changed(() -> policies.update(name,
                            parse(body)).toJson(), 200));
                    case "DELETE" -> authorized(authorization).orElseGet(() -> changed(() -> {
                        policies.delete(name);
                        return Map.of("status", "ok", "deleted", name);
                    }, 200));
                    default -> notAllowed(method, "GET, PUT, DELETE");
                };
            }
            return error(404, "no such resource: " + path + " (the API has " + POLICIES + " and " + MAINTENANCE + ")",
                    List.of());
        } catch (RuntimeException e) {
            LOG.error("Management API: {} {} failed", method, path, e);
            return error(500, "the call failed: " + e.getMessage(), List.of());
        }
    }

    private Response created(String body) {
        return changed(() -> policies.create(parse(body)).toJson(), 201);
    }

    private Response maintenance(String method, String authorization, String body) {
        return switch (method) {
            case "GET" -> new Response(200, Map.of("enabled", maintenance.enabled()));
            case "PUT" -> authorized(authorization).orElseGet(() -> changed(() -> {
                JsonNode request = parse(body);
                JsonNode enabled = request.get("enabled");
                if (!request.isObject() || enabled == null || !enabled.isBoolean() || request.size() != 1) {
                    throw new PolicyProblems(List.of("expected {\"enabled\": true} or {\"enabled\": false}"));
                }
                maintenance.set(enabled.asBoolean());
                return Map.of("enabled", maintenance.enabled());
            }, 200));
            default -> notAllowed(method, "GET, PUT");
        };
    }

    private interface Change {
        Object apply() throws Exception;
    }

    private static Response changed(Change change, int status) {
        try {
            return new Response(status, change.apply());
        } catch (PolicyProblems e) {
            return error(400, e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                    + " with the request: " + String.join("; ", e.problems()), e.problems());
        } catch (PolicyConflict e) {
            return error(e.status(), e.getMessage(), List.of());
        } catch (IOException e) {
            LOG.error("Management API: {}", e.getMessage());
            return error(500, e.getMessage(), List.of());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            LOG.error("Management API: the change failed", e);
            return error(500, "the change failed: " + e.getMessage(), List.of());
        }
    }

    private Optional<Response> authorized(String authorization) {
        return token.check(authorization).map(refusal -> error(refusal.status(), refusal.message(), List.of()));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new PolicyProblems(List.of("the request has no body: send the JSON (Content-Type: application/json)"));
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PolicyProblems(List.of("the body is not JSON: " + e.getOriginalMessage()));
        }
    }

    private static Response notAllowed(String method, String allowed) {
        return error(405, method + " is not allowed here; use " + allowed, List.of());
    }

    static Response error(int status, String message, List<String> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("error", message);
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        return new Response(status, body);
    }
}
