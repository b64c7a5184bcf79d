package io.venice.events.app;

import io.venice.events.tls.PemTls;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.ChannelHandlerFactories;

/**
 * The camel-netty producer URI of one syslog target, the one place it is built (the syslog writer's, an event
 * policy's targets): UDP a datagram per message; TCP one shared connection carrying octet-counted frames, its closes
 * noted by a connection watch; TLS (RFC 5425) the same inside TLS, with the target's TLS context bound in the
 * registry under a name of its own, so the URI refers to it ({@code #name}) and holds no file name or secret.
 */
public final class SyslogEndpoint {

    /** The encoder every TCP target's frames go through: the body is the bytes to write. */
    public static final String BYTE_ARRAY_ENCODER = "byteArrayEncoder";

    private SyslogEndpoint() {
    }

    /**
     * Binds what the URI refers to (the byte encoder, once; for {@code tls://} the TLS context as
     * {@code <name>Tls}) and returns the URI.
     *
     * @param name            names the target's beans (e.g. {@code syslog}): unique per target
     * @param connectionWatch registry name of the target's {@code SyslogConnectionWatch} (TCP and TLS)
     * @throws IllegalArgumentException when a TLS file cannot be used (the message names the file)
     */
    public static String create(CamelContext context, String name, SyslogTarget target, TlsFiles tls,
                                String connectionWatch) {
        // one shared connection: sends are queued on it in order (a pool opened a connection per in-flight send)
        String base = "netty:" + (target.isTcp() ? "tcp" : "udp") + "://" + target.host() + ":" + target.port()
                + "?sync=false&producerPoolEnabled=false";
        if (!target.isTcp()) {
            return base + "&udpByteArrayCodec=true";
        }
        if (context.getRegistry().lookupByName(BYTE_ARRAY_ENCODER) == null) {
            context.getRegistry().bind(BYTE_ARRAY_ENCODER, ChannelHandlerFactories.newByteArrayEncoder("tcp"));
        }
        String uri = base + "&encoders=#" + BYTE_ARRAY_ENCODER + "&decoders=#" + connectionWatch;
        if (target.isTls()) {
            String bean = name + "Tls";
            context.getRegistry().bind(bean, PemTls.camelParameters(tls.clientContext(target.host(), target.port())));
            uri += "&ssl=true&sslContextParameters=#" + bean;
        }
        return uri;
    }
}
