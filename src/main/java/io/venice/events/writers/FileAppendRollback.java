package io.venice.events.writers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the file writer's day file whole when an append fails (a full disk, an I/O error): before the batch,
 * {@link #beforeAppend} notes the file's length (header {@value #LENGTH}); after each failed attempt, as the
 * route's {@code onExceptionOccurred} processor, {@link #process} cuts the file back to that length, so the
 * attempt that follows (the route retries the batch, which stays in the store) appends to whole lines and no
 * part of a batch is in the file twice. A file that does not end with a newline at {@link #beforeAppend} (left by
 * a crash in the middle of an append, whose batch goes again) is cut back to its last newline first.
 * <p>
 * The log says it once per episode: the first failed attempt is an ERROR with its cause; the first batch
 * appended after failures ({@link #appended}) is a WARN with the number of failed attempts. Thread-safe.
 */
public final class FileAppendRollback implements Processor {

    /** Header: the day file's length before the batch (Long). */
    public static final String LENGTH = "VeniceEventsFileLength";

    private static final Logger LOG = LoggerFactory.getLogger(FileAppendRollback.class);

    private final Path dir;
    private volatile long failedAttempts;
    private String firstCause;

    /** @param dir the file writer's folder ({@code writers.file.dir}); the file name is the {@link Exchange#FILE_NAME} header */
    public FileAppendRollback(Path dir) {
        this.dir = dir;
    }

    /** Before the batch: notes the day file's length, after cutting a line a crash left without its newline. */
    public void beforeAppend(Exchange exchange) throws IOException {
        Path file = dayFile(exchange);
        long length;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            length = channel.size();
            long whole = wholeLines(channel, length);
            if (whole < length) {
                LOG.warn("File writer: cut {} bytes of a line left without its newline at the end of {} (an append "
                        + "interrupted by a crash; its events are written again)", length - whole, file);
                channel.truncate(whole);
                length = whole;
            }
        } catch (NoSuchFileException e) {
            length = 0; // a new day
        }
        exchange.getMessage().setHeader(LENGTH, length);
    }

    /** After a failed attempt: cuts the day file back to its length before the batch. */
    @Override
    public void process(Exchange exchange) {
        Exception cause = exchange.getException();
        Long length = exchange.getMessage().getHeader(LENGTH, Long.class);
        String cut = "";
        if (length != null) {
            Path file = dayFile(exchange);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                if (channel.size() > length) {
                    cut = "; cut " + (channel.size() - length) + " bytes of the failed append from " + file;
                    channel.truncate(length);
                }
            } catch (NoSuchFileException e) {
                // nothing was written
            } catch (IOException e) {
                cut = "; cannot cut the failed append from " + file + " (" + e + ")";
            }
        }
        synchronized (this) {
            if (failedAttempts++ == 0) {
                firstCause = describe(cause);
                LOG.error("File writer: cannot append a batch of {} events to {} ({}){}; the batch stays in the event "
                        + "store and is tried again until it can be appended; one line follows when it is",
                        exchange.getMessage().getHeader(io.venice.events.store.StoreComponent.BATCH_SIZE), dir, firstCause, cut);
            }
        }
    }

    /** After the batch was appended: ends an episode of failures, if there was one. */
    public void appended() {
        if (failedAttempts == 0) {
            return;
        }
        synchronized (this) {
            if (failedAttempts > 0) {
                LOG.warn("File writer: appending to {} again after {} failed attempts (first cause: {})", dir,
                        failedAttempts, firstCause);
                failedAttempts = 0;
            }
        }
    }

    /** The exception, and its root cause when that says more (camel-file's "Cannot store file" hides "No space left"). */
    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no exception";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? cause.toString() : cause + ": " + root;
    }

    private Path dayFile(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (name == null) {
            throw new IllegalStateException("the file writer route sets " + Exchange.FILE_NAME + " before appending");
        }
        return dir.resolve(name);
    }

    /** The length of the file's whole lines: up to and including its last newline. */
    private static long wholeLines(FileChannel channel, long length) throws IOException {
        byte[] chunk = new byte[4096];
        long end = length;
        while (end > 0) {
            int size = (int) Math.min(chunk.length, end);
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, size);
            while (buffer.hasRemaining() && channel.read(buffer, end - size + buffer.position()) > 0) {
                // fill the chunk
            }
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    return end - size + i + 1;
                }
            }
            end -= size;
        }
        return 0;
    }
}
