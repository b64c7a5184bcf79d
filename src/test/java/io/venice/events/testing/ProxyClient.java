package io.venice.events.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A blocking client of the proxy's wire protocol: one UTF-8 JSON request per line, one reply line each.
 * Every read has a timeout, so a proxy that never answers fails the test instead of hanging it.
 */
public final class ProxyClient implements AutoCloseable {

    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    private ProxyClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    public static ProxyClient connect(int port) {
        return connect("127.0.0.1", port, DEFAULT_READ_TIMEOUT);
    }

    public static ProxyClient connect(String host, int port, Duration readTimeout) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new ProxyClient(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            throw new UncheckedIOException("cannot connect to the proxy at " + host + ":" + port, e);
        }
    }

    /** Sends one request line (the newline is added) and returns the reply line. */
    public String send(String line) {
        write(line + "\n");
        return readReply();
    }

    /** Pipelines: writes every line first, then reads one reply per line, in order. */
    public List<String> sendAll(List<String> lines) {
        StringBuilder batch = new StringBuilder();
        lines.forEach(line -> batch.append(line).append('\n'));
        write(batch.toString());
        List<String> replies = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /** Writes raw bytes as they are: no newline added, no encoding. */
    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the proxy", e);
        }
    }

    /** Reads the next reply line; fails when the connection closes or the read timeout passes. */
    public String readReply() {
        try {
            String reply = in.readLine();
            if (reply == null) {
                throw new UncheckedIOException(new IOException("the proxy closed the connection instead of replying"));
            }
            return reply;
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("no reply from the proxy within " + readTimeoutMillis() + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read from the proxy", e);
        }
    }

    /**
     * Waits up to {@code wait} for a line the test does not expect: empty when none came (the connection
     * stays usable), the line otherwise. For asserting that the proxy says nothing.
     */
    public Optional<String> pollReply(Duration wait) {
        try {
            int previous = socket.getSoTimeout();
            socket.setSoTimeout((int) wait.toMillis());
            try {
                return Optional.ofNullable(in.readLine());
            } catch (SocketTimeoutException nothing) {
                return Optional.empty();
            } finally {
                socket.setSoTimeout(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String text) {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    private int readTimeoutMillis() {
        try {
            return socket.getSoTimeout();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
