package io.venice.events.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;

/**
 * A reply line from the proxy, as the recorder needs it.
 *
 * @param ok       every item was accepted (duplicates included)
 * @param retry    nothing was taken and the proxy asks to send again later
 * @param error    the proxy's words when not ok
 * @param rejected items the proxy refused for good (list requests)
 */
record ProxyReply(boolean ok, boolean retry, String error, int rejected) {

    static ProxyReply parse(String line) {
        JsonNode reply = EventJson.read(line, JsonNode.class);
        boolean ok = "ok".equals(reply.path("status").asText());
        return new ProxyReply(ok, reply.path("retry").asBoolean(false), reply.path("error").asText(""),
                reply.path("rejected-total").asInt(reply.path("rejected").size())); // a list reply lists at most 100
    }
}
