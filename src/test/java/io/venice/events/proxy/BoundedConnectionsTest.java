package io.venice.events.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.venice.events.testing.Await;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.ProxyClient;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy's Netty handlers on a real socket, in a small Camel route wired as the proxy's is (each batch
 * answered with one "echo" line per request line): backpressure, proxy.max-connections, proxy.idle-timeout.
 */
class BoundedConnectionsTest {

    static final int MAX_UNANSWERED = 2;
    static final int LINE_BYTES = 100;

    final MeterRegistry meters = new SimpleMeterRegistry();
    final CountedBytes bytesRead = new CountedBytes();
    final AtomicLong mostUnanswered = new AtomicLong();
    final AtomicReference<Channel> lastServed = new AtomicReference<>();
    final List<Throwable> fatal = new CopyOnWriteArrayList<>();
    CamelContext camel;
    int port;

    /** Counts the bytes the server reads, before any handler of the proxy; keeps kernel socket buffers small. */
    @Sharable
    static final class CountedBytes extends ChannelInboundHandlerAdapter {
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            // so that what the server does not read stays with the client, not in a 32 MB autotuned buffer
            ctx.channel().config().setOption(ChannelOption.SO_RCVBUF, 64 * 1024);
            ctx.channel().config().setOption(ChannelOption.SO_SNDBUF, 64 * 1024);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof ByteBuf bytesOfARead) {
                bytes.addAndGet(bytesOfARead.readableBytes());
            }
            super.channelRead(ctx, msg);
        }
    }

    void start(int maxConnections, Duration idleTimeout) throws Exception {
        port = PipelineHarness.freePort();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("bytesRead", bytesRead);
        camel.getRegistry().bind("connectionLimit", new ConnectionLimit(maxConnections, meters));
        camel.getRegistry().bind("lineBatches", new LineBatchDecoder.Factory(1024));
        camel.getRegistry().bind("connectionFlow", new ConnectionFlow.Factory(MAX_UNANSWERED,
                ConnectionFlow.DEFAULT_WATER_MARK, idleTimeout, Clock.systemUTC()));
        camel.getRegistry().bind("fatalErrors", new FatalErrorHook(fatal::add));
        camel.getRegistry().bind("replyLines", new ReplyLinesEncoder());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("netty:tcp://127.0.0.1:" + port + "?textline=true&sync=true&synchronous=true"
                        + "&usingExecutorService=false&workerCount=4&reuseAddress=true"
                        + "&decoders=#bytesRead,#connectionLimit,#lineBatches,#connectionFlow,#fatalErrors"
                        + "&encoders=#replyLines&exceptionHandler=#fatalErrors")
                        .process(BoundedConnectionsTest.this::answer);
            }
        });
        camel.start();
    }

    /** Each line's reply is "echo " and the line; the batch's reply is one String, the lines joined with \n. */
    void answer(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getMessage()
                .getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class);
        mostUnanswered.accumulateAndGet(ctx.pipeline().get(ConnectionFlow.class).unanswered(), Math::max);
        lastServed.set(ctx.channel());
        List<?> batch = exchange.getMessage().getBody(List.class);
        exchange.getMessage().setBody(batch.stream()
                .map(line -> line instanceof OversizedLine ? "too long" : "echo " + line)
                .collect(Collectors.joining("\n")));
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        assertThat(fatal).isEmpty();
    }

    static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Line {@code i} of the flood: its number and padding, {@value #LINE_BYTES} bytes with the newline. */
    static String floodLine(int i) {
        String number = String.format("%09d ", i);
        return number + "x".repeat(LINE_BYTES - 1 - number.length());
    }

    static void writeFlood(Socket client, int lines, AtomicLong written) {
        try {
            OutputStream out = client.getOutputStream();
            StringBuilder chunk = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                chunk.append(floodLine(i)).append('\n');
                if (chunk.length() >= 100 * LINE_BYTES || i == lines - 1) {
                    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                    out.write(bytes);
                    written.addAndGet(bytes.length);
                    chunk.setLength(0);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server ends the connection within {@code wait} (false when it is still open then). */
    static boolean endsWithin(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    /** Waits until {@code value} has not changed for {@code still}; returns it. */
    static long awaitSteady(LongSupplier value, Duration still, Duration timeout) {
        long[] last = {value.getAsLong(), System.nanoTime()};
        Await.until(timeout, () -> {
            long now = value.getAsLong();
            if (now != last[0]) {
                last[0] = now;
                last[1] = System.nanoTime();
            }
            return System.nanoTime() - last[1] >= still.toNanos();
        }, () -> "kept changing, now " + value.getAsLong());
        return last[0];
    }

    @Test
    void aClientWritingFiftyMegabytesWithoutReadingIsNoLongerReadThenReadsEveryReplyInOrder() throws Exception {
        start(16, Duration.ZERO);
        int lines = 500_000;
        long total = (long) lines * LINE_BYTES;
        AtomicLong written = new AtomicLong();
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(64 * 1024);
            client.setSendBufferSize(64 * 1024);
            client.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            client.setSoTimeout(30_000);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeFlood(client, lines, written));

            Await.until(Duration.ofSeconds(60),
                    () -> lastServed.get() != null && !lastServed.get().config().isAutoRead(),
                    () -> "the server kept reading; it read " + bytesRead.bytes.get() + " bytes");
            // reading resumes each time the kernel takes more replies off the proxy's buffer, and the kernel's
            // send buffer grows on its own (tcp_wmem autotuning): the server stops for good a little later
            long readWhenBlocked = awaitSteady(bytesRead.bytes::get, Duration.ofSeconds(1), Duration.ofSeconds(60));
            long writtenWhenBlocked = awaitSteady(written::get, Duration.ofSeconds(1), Duration.ofSeconds(60));

            assertThat(writer).as("the client's writes block").isNotDone();
            assertThat(writtenWhenBlocked).isLessThan(total / 5);
            assertThat(readWhenBlocked).as("the server stopped reading, under a tenth of the flood").isLessThan(total / 10);
            assertThat(bytesRead.bytes.get()).as("the server reads nothing more meanwhile").isEqualTo(readWhenBlocked);
            assertThat(mostUnanswered.get()).isLessThanOrEqualTo(MAX_UNANSWERED);

            BufferedReader replies = reader(client);
            for (int i = 0; i < lines; i++) {
                String reply = replies.readLine();
                String expected = "echo " + floodLine(i);
                if (!expected.equals(reply)) {
                    assertThat(reply).as("reply " + i).isEqualTo(expected);
                }
            }
            writer.get(60, TimeUnit.SECONDS);
            assertThat(bytesRead.bytes.get()).isEqualTo(total);
            assertThat(mostUnanswered.get()).isLessThanOrEqualTo(MAX_UNANSWERED);
            assertThat(replies.ready()).as("nothing more than one reply a line").isFalse();
        }
    }

    @Test
    void aHalfClosedClientGetsEveryReplyThenTheCloseAndItsUnfinishedLastLineIsDropped() throws Exception {
        start(16, Duration.ZERO);
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("one\r\ntwo\nthree\nno newline".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();

            BufferedReader replies = reader(client);
            assertThat(replies.lines().toList()).containsExactly("echo one", "echo two", "echo three");
        }
    }

    @Test
    void theConnectionBeyondTheLimitGetsOneErrorLineAndIsClosedWhileTheOthersAreServed() throws Exception {
        start(2, Duration.ZERO);
        try (ProxyClient first = ProxyClient.connect(port); ProxyClient second = ProxyClient.connect(port)) {
            assertThat(first.send("1")).isEqualTo("echo 1");
            assertThat(second.send("2")).isEqualTo("echo 2");

            try (Socket third = new Socket("127.0.0.1", port)) {
                third.setSoTimeout(10_000);
                BufferedReader in = reader(third);
                assertThat(in.readLine()).isEqualTo("{\"status\":\"error\",\"error\":\"too many connections "
                        + "(proxy.max-connections=2); try again later\",\"retry\":true}");
                assertThat(in.readLine()).as("then the end of the connection").isNull();
            }

            assertThat(first.send("3")).isEqualTo("echo 3");
            assertThat(meters.get(ConnectionLimit.REFUSED).counter().count()).isEqualTo(1);
            assertThat(meters.get(ConnectionLimit.OPEN).gauge().value()).isEqualTo(2);
        }
        Await.until(Duration.ofSeconds(10), () -> meters.get(ConnectionLimit.OPEN).gauge().value() == 0);
        try (ProxyClient again = ProxyClient.connect(port)) {
            assertThat(again.send("4")).isEqualTo("echo 4");
        }
    }

    @Test
    void closesAConnectionIdleForTheTimeoutButNotABusyOne() throws Exception {
        start(16, Duration.ofMillis(500));
        try (Socket idle = new Socket("127.0.0.1", port); ProxyClient busy = ProxyClient.connect(port)) {
            assertThat(endsWithin(idle, Duration.ofMillis(200))).as("open before the timeout").isFalse();

            long start = System.nanoTime();
            for (int i = 0; System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1_500); i++) {
                assertThat(busy.send("ping " + i)).isEqualTo("echo ping " + i);
                Thread.sleep(100); // a client sending every 100 ms, for three idle timeouts
            }

            assertThat(endsWithin(idle, Duration.ofSeconds(5))).as("the idle one was closed").isTrue();
            assertThat(busy.send("still here")).isEqualTo("echo still here");
        }
    }
}
