package io.venice.events.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain TCP client of the proxy: one line out, one reply line in. */
public final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader replies;
    private final OutputStream out;

    public LineClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        replies = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    public String send(String line) throws IOException {
        return sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public String sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return replies.readLine();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
