package io.venice.events.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.venice.events.json.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of JSON lines under {@code ${data.dir}/store}, in segments named by the offset (in
 * bytes, counted from the first segment ever written) of their first line. The proxy appends before it
 * acknowledges; each writer reads from its own offset. Segments roll at {@code segmentBytes}; a segment
 * every reader has passed is deleted by {@link #trimBefore(long)}. Past {@code maxBytes} the store either
 * refuses appends ({@link WhenFull#REJECT}) or drops its oldest segment ({@link WhenFull#DROP_OLDEST}),
 * logging an ERROR and counting every event dropped.
 * <p>
 * The last {@value #TAIL_ENTRIES} lines appended are also kept parsed in memory ({@link ParsedTail}): a reader
 * that keeps up gets their {@link StoredEvent} objects without reading the file or parsing JSON.
 * <p>
 * Thread-safe, with group commit: appends from concurrent threads that arrive while one is being written are
 * written together by the next thread to write (one file write, one {@code force} with fsync), each checked
 * for room on its own and each caller told the offset of its own first line or its own failure.
 */
public final class EventStore implements AutoCloseable {

    /** What to do when an append would take the store past its limit. */
    public enum WhenFull {
        REJECT, DROP_OLDEST;

        public static WhenFull parse(String value) {
            return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
                case "reject" -> REJECT;
                case "drop-oldest" -> DROP_OLDEST;
                default -> throw new IllegalArgumentException("'" + value + "' is not one of reject, drop-oldest");
            };
        }
    }

    /**
     * One stored line: where it starts, the event it holds, the offset just after it (where the next read starts),
     * and the event's own JSON as the line holds it (null for a line appended as text): a writer sending JSON sends
     * these bytes instead of serialising the event again.
     */
    public record Entry(long offset, StoredEvent event, long nextOffset, byte[] eventJson) {

        public Entry(long offset, StoredEvent event, long nextOffset) {
            this(offset, event, nextOffset, null);
        }
    }

    /**
     * What a read found: the lines, where the next read starts ({@code next}: past the lines, and past damaged
     * lines skipped after them), and whether the reader's offset was trimmed away ({@code skippedTo}: where the
     * log now starts, or -1).
     */
    public record Read(List<Entry> entries, long skippedTo, long next) {
        public boolean skipped() {
            return skippedTo >= 0;
        }
    }

    /**
     * What the store did since it opened: appends taken, file writes they needed (fewer, when grouped), and
     * reads that had to go to a segment file (the others were served from the parsed tail).
     */
    public record Stats(long appends, long writes, long fileReads) {
    }

    /**
     * How many of the last appended lines the store keeps parsed in memory ({@link ParsedTail}). A writer that
     * keeps up reads within a few batches of the end (at 50,000 events/s, a 50 ms poll is 2,500 lines), so 8192
     * serves it from memory with room for a slow batch; the objects are mostly those the dispatcher's windows
     * hold anyway, so the tail costs a few MB of heap at most, and a writer further behind reads the file.
     */
    static final int TAIL_ENTRIES = 8192;

    /** One caller's append: its bytes, its lines for the tail, and how it ended (its first line's offset, or its failure). */
    private static final class Request {
        /** The lines, each with its checksum and newline: {@code bytes[0, length)}. */
        final byte[] bytes;
        final int length;
        /** Each line's end, counted from the start of {@link #bytes}. */
        final int[] lineEnds;
        /** Each line as a {@link StoredEvent}, or as its text when appended as text. */
        final List<?> values;
        /** Each line's event JSON ({@link StoredLine#eventJsonOfWritten}); null when appended as text. */
        final byte[][] eventJsons;
        final boolean reserved;
        /** Lines copied from another log ({@link #ofCopies}). */
        final boolean copy;
        long firstOffset = -1;
        RuntimeException failure;
        /** Set last, by the writing thread: the caller then sees firstOffset or failure. */
        volatile boolean done;

        private Request(byte[] bytes, int length, int[] lineEnds, List<?> values, byte[][] eventJsons,
                        boolean reserved, boolean copy) {
            this.bytes = bytes;
            this.length = length;
            this.lineEnds = lineEnds;
            this.values = values;
            this.eventJsons = eventJsons;
            this.reserved = reserved;
            this.copy = copy;
        }

        static Request ofText(List<String> lines) {
            byte[][] encoded = new byte[lines.size()][];
            int length = 0;
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
                length += encoded[i].length + LineChecksum.SUFFIX_BYTES + 1;
            }
            byte[] bytes = new byte[length];
            int[] ends = new int[encoded.length];
            int at = 0;
            for (int i = 0; i < encoded.length; i++) {
                System.arraycopy(encoded[i], 0, bytes, at, encoded[i].length);
                LineChecksum.write(bytes, at, at + encoded[i].length);
                at += encoded[i].length + LineChecksum.SUFFIX_BYTES;
                bytes[at++] = '\n';
                ends[i] = at;
            }
            return new Request(bytes, length, ends, lines, null, false, false);
        }

        /**
         * The events as UTF-8 JSON lines, written by one generator straight into the bytes to append, each line's
         * checksum computed on those bytes where they are.
         */
        static Request ofEvents(List<StoredEvent> events, boolean reserved) {
            LineBuffer out = new LineBuffer(events.size() * 640);
            int[] ends = new int[events.size()];
            byte[][] eventJsons = new byte[ends.length][];
            try (SequenceWriter lines = LINES.writeValues(out)) {
                int start = 0;
                for (int i = 0; i < ends.length; i++) {
                    lines.write(events.get(i));
                    lines.flush(); // the separator (the newline ending the line before) and this line's JSON
                    eventJsons[i] = StoredLine.eventJsonOfWritten(out.bytes(), start, out.size());
                    out.appendChecksum(start);
                    ends[i] = out.size() + 1; // the newline the next line (or the last one below) starts with
                    start = ends[i];
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write JSON for the event store", e);
            }
            if (ends.length > 0) {
                out.write('\n');
            }
            return new Request(out.bytes(), out.size(), ends, events, eventJsons, reserved, false);
        }

        /** The lines of a batch copied from another log ({@link CopiedLines}, encoded once for every log it goes to). */
        static Request ofCopies(CopiedLines lines) {
            return new Request(lines.bytes(), lines.length(), lines.lineEnds(), lines.values(), lines.eventJsons(),
                    false, true);
        }

        /** Puts its lines, written at {@link #firstOffset}, in the tail. */
        void addTo(ParsedTail tail) {
            long start = firstOffset;
            for (int i = 0; i < lineEnds.length; i++) {
                long end = firstOffset + lineEnds[i];
                tail.add(start, end, values.get(i), eventJsons == null ? null : eventJsons[i]);
                start = end;
            }
        }

        void complete() {
            done = true;
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }

        long result() {
            if (failure != null) {
                throw failure;
            }
            return firstOffset;
        }
    }

    /**
     * A batch read from another log, as the lines every log it is copied to appends: each state's occurrence and
     * time, and its event's JSON as that log holds it (serialised again only where it is not known), in the line
     * shape {@link Request#ofEvents} writes (with where each came from), so a reader cannot tell a copy from an
     * original. Encoded once per batch ({@link EventBatch#copiedLines}), whatever the number of logs (the
     * multicast's branches); read only.
     */
    record CopiedLines(byte[] bytes, int length, int[] lineEnds, List<StoredEvent> values, byte[][] eventJsons) {

        /**
         * Encodes the batch's states from {@code from} on. When the batch knows where its lines are in the log it
         * was read from, each line also says so: {@code "source"}, its line's offset there, and {@code "batch"},
         * the offset of the batch's first line, by which this log tells, after a restart, a batch it has already
         * taken ({@link #copiedAlready}).
         */
        static CopiedLines of(EventBatch batch, int from) {
            int size = batch.size() - from;
            byte[][] eventJsons = new byte[size][];
            List<StoredEvent> values = new ArrayList<>(size);
            int length = 0;
            for (int i = 0; i < size; i++) {
                byte[] json = batch.json(from + i);
                if (json == null) {
                    try {
                        json = EventJson.mapper().writeValueAsBytes(batch.get(from + i));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write JSON for the event store", e);
                    }
                }
                eventJsons[i] = json;
                // the parsed event too, when the batch has it: a reader of this log's tail then parses nothing
                values.add(new StoredEvent(batch.occurrence(from + i), batch.at(from + i), false, batch.parsed(from + i)));
                length += json.length + 160;
            }
            byte[] batchMark = batch.offset(0) < 0 ? null : concat(StoredLine.BATCH,
                    Long.toString(batch.offset(0)).getBytes(StandardCharsets.US_ASCII));
            LineBuffer out = new LineBuffer(length);
            int[] ends = new int[size];
            for (int i = 0; i < size; i++) {
                int start = out.size();
                String occurrence = batch.occurrence(from + i);
                out.writeBytes(StoredLine.OCCURRENCE);
                if (occurrence == null) {
                    out.writeBytes(StoredLine.NULL);
                } else {
                    out.write('"');
                    out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(occurrence));
                    out.write('"');
                }
                out.writeBytes(StoredLine.AT);
                out.writeBytes(Long.toString(batch.at(from + i)).getBytes(StandardCharsets.US_ASCII));
                if (batchMark != null) {
                    out.writeBytes(StoredLine.SOURCE);
                    out.writeBytes(Long.toString(batch.offset(from + i)).getBytes(StandardCharsets.US_ASCII));
                    out.writeBytes(batchMark);
                }
                out.writeBytes(StoredLine.EVENT_AFTER);
                out.writeBytes(eventJsons[i]);
                out.write('}');
                out.appendChecksum(start);
                out.write('\n');
                ends[i] = out.size();
            }
            return new CopiedLines(out.bytes(), out.size(), ends, values, eventJsons);
        }

        private static byte[] concat(byte[] first, byte[] second) {
            byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            return both;
        }
    }

    /** The bytes of one append as they are encoded, with each line's checksum written in place. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        private static final byte[] SUFFIX_SPACE = new byte[LineChecksum.SUFFIX_BYTES];

        LineBuffer(int size) {
            super(size);
        }

        /** Appends the checksum of the JSON written from {@code start} to here. */
        void appendChecksum(int start) {
            int jsonEnd = count;
            write(SUFFIX_SPACE, 0, SUFFIX_SPACE.length);
            LineChecksum.write(buf, start, jsonEnd);
        }

        /** The buffer itself (no copy): the append's bytes are its first {@link #size()}. */
        byte[] bytes() {
            return buf;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);
    /** Writes stored events as JSON values separated by newlines, in UTF-8 (no String in between). */
    private static final ObjectWriter LINES = EventJson.mapper().writer().withRootValueSeparator("\n");
    private static final int READ_CHUNK = 256 * 1024;
    /** Each reading thread (a writer's) reuses its buffer: no 256 KiB allocation per read. */
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[READ_CHUNK]);

    private final Path dir;
    private final long segmentBytes;
    private final long maxBytes;
    private final WhenFull whenFull;
    private final boolean fsync;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, Long> readers = new java.util.HashMap<>();
    /** Lines this process appended to each closed segment (by base offset); the active one's are {@link #activeLines}. */
    private final Map<Long, Long> linesAppended = new java.util.HashMap<>();
    /**
     * The segments that existed at open: the bytes they then held, and their lines, counted on the first
     * {@link #linesFrom} that needs them ({@code -1} until then): {@code [bytes, lines]}.
     */
    private final Map<Long, long[]> linesAtOpen = new java.util.HashMap<>();
    private java.util.function.BiConsumer<String, Long> droppedFor = (reader, events) -> { };
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong fileReads = new AtomicLong();
    private final StoreDamage damage = new StoreDamage();
    private final AppendFailures failures;
    /** Group commit: requests waiting for a writer, and whether a thread is writing (both under queueLock). */
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition groupWritten = queueLock.newCondition();
    private List<Request> queue = new ArrayList<>();
    private boolean writing;
    private volatile Runnable beforeWrite = () -> { };
    // under this object's monitor:
    private final ParsedTail tail = new ParsedTail(TAIL_ENTRIES);
    private FileChannel active;
    private long activeBase;
    /** Where readable lines end: everything before it is written (and forced, with fsync). */
    private long endOffset;
    /** Where the writing thread's next bytes go: past endOffset while a run is being written. */
    private long writeEnd;
    /** Lines this process appended to the active segment, added per run as it is published (for the lag gauges). */
    private long activeLines;
    /** The "source" and "batch" of the last line, a copy, as found at open; null once checked or if none (guarded by this). */
    private long[] lastCopied;

    public EventStore(Path dir, long segmentBytes, long maxBytes, WhenFull whenFull, boolean fsync) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.segmentBytes = segmentBytes;
        this.maxBytes = maxBytes;
        this.whenFull = whenFull;
        this.fsync = fsync;
        this.failures = new AppendFailures(this.dir.toString());
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().matches("segment-\\d{20}\\.jsonl"))
                    .forEach(f -> segments.put(baseOf(f), f));
        }
        if (segments.isEmpty()) {
            segments.put(0L, segmentPath(0));
        }
        activeBase = segments.lastKey();
        active = FileChannel.open(segments.get(activeBase), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        dropTornLine();
        endOffset = activeBase + active.size();
        for (long base : segments.keySet()) {
            Long next = segments.higherKey(base);
            linesAtOpen.put(base, new long[] {(next == null ? endOffset : next) - base, -1});
        }
        writeEnd = endOffset;
        lastCopied = StoredLine.copyMarks(lastLine());
    }

    /** The last line (checksum and newline included), or null when the store holds none. */
    private byte[] lastLine() throws IOException {
        for (long base : segments.descendingKeySet()) {
            Path segment = segments.get(base);
            if (!Files.exists(segment)) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size == 0) {
                    continue;
                }
                long start = lastNewlineBefore(channel, size - 1) + 1;
                ByteBuffer line = ByteBuffer.allocate((int) Math.min(size - start, 1 << 20));
                while (line.hasRemaining() && channel.read(line, start + line.position()) > 0) {
                    // fill it
                }
                return java.util.Arrays.copyOf(line.array(), line.position());
            }
        }
        return null;
    }

    /**
     * Appends lines (without newlines) as one request; they are readable, and survive a crash of this process,
     * once it returns. Returns the offset of the first line (the end offset when {@code lines} is empty).
     *
     * @throws StoreFullException when there is no room for them (under {@link WhenFull#REJECT})
     */
    public long append(List<String> lines) {
        if (lines.isEmpty()) {
            return endOffset();
        }
        return submit(Request.ofText(lines));
    }

    /**
     * Appends stored events as one request, as {@link #append(List)} does. {@code reserved}: these events were
     * acknowledged already (a released repeat count), so they are never refused for space; they may take the
     * store past {@code maxBytes}.
     */
    public long append(List<StoredEvent> events, boolean reserved) {
        if (events.isEmpty()) {
            return endOffset();
        }
        return submit(Request.ofEvents(List.copyOf(events), reserved));
    }

    /**
     * Appends a batch a consumer read from another log, as one request, as {@link #append(List)} does: each state
     * as that log holds it (occurrence, time, the event's JSON), never held.
     */
    public long append(EventBatch batch) {
        int from = copiedAlready(batch);
        if (from == batch.size()) {
            return endOffset();
        }
        return submit(Request.ofCopies(from == 0 ? batch.copiedLines(b -> CopiedLines.of(b, 0))
                : CopiedLines.of(batch, from)));
    }

    /**
     * How many of the batch's first states this log took already: after a restart, the first batch copied to it
     * may be the one a crash interrupted (its reader, the fan-out, had not committed it), which this log may have
     * taken before the crash while others did not. Its last line says so: the same first line ("batch") and the
     * states up to its "source". Checked on the first copy after opening only; 0 otherwise.
     */
    private synchronized int copiedAlready(EventBatch batch) {
        long[] last = lastCopied;
        lastCopied = null;
        if (last == null || batch.isEmpty() || batch.offset(0) != last[1]) {
            return 0;
        }
        int from = 0;
        while (from < batch.size() && batch.offset(from) >= 0 && batch.offset(from) <= last[0]) {
            from++;
        }
        LOG.info("Event store {}: the first {} of {} events copied to it after the start were taken before it "
                + "(the batch a stop or crash interrupted): not taken twice", dir, from, batch.size());
        return from;
    }

    /** What this store did since it was opened, for tests and statistics. */
    public Stats stats() {
        return new Stats(appends.get(), writes.get(), fileReads.get());
    }

    /**
     * Group commit (leader/follower): the request joins the queue; if no thread is writing, this one takes
     * everything queued and writes it ({@link #writeGroup}); otherwise it waits until a writer has completed
     * it, or until the writer is done and it can lead the next group itself.
     */
    private long submit(Request request) {
        appends.incrementAndGet();
        List<Request> group;
        queueLock.lock();
        try {
            queue.add(request);
            while (writing && !request.done) {
                groupWritten.awaitUninterruptibly();
            }
            if (request.done) {
                return request.result();
            }
            writing = true;
            group = queue;
            queue = new ArrayList<>();
        } finally {
            queueLock.unlock();
        }
        try {
            writeGroup(group);
        } catch (RuntimeException | Error e) {
            group.stream().filter(r -> !r.done).forEach(r -> r.fail(new IllegalStateException(
                    "the append failed: " + e, e)));
            throw e;
        } finally {
            queueLock.lock();
            try {
                writing = false;
                groupWritten.signalAll();
            } finally {
                queueLock.unlock();
            }
        }
        return request.result();
    }

    /**
     * Writes a group of requests, checking each for room on its own: those refused fail alone. The accepted
     * requests go out as one file write (and one {@code force} with fsync), or one per segment when the group
     * has to roll to a new segment or drop the one it is in; each run is readable, and its requests complete,
     * once written.
     */
    private void writeGroup(List<Request> group) {
        int next = 0;
        while (next < group.size()) {
            int runFrom = next;
            List<Request> run = new ArrayList<>();
            long runStart;
            try {
                synchronized (this) {
                    runStart = writeEnd;
                    next = planRun(group, next, run);
                }
                if (run.isEmpty()) {
                    continue;
                }
                beforeWrite.run();
                write(run, runStart);
                if (fsync) {
                    active.force(false);
                }
            } catch (IOException | RuntimeException e) {
                long keptTo;
                synchronized (this) {
                    undoUnpublished();
                    keptTo = endOffset;
                }
                failures.refused(group.subList(runFrom, group.size()).stream().filter(r -> !r.done)
                        .mapToInt(r -> r.lineEnds.length).sum(), keptTo, e);
                for (Request failed : group.subList(runFrom, group.size())) {
                    if (!failed.done) {
                        failed.fail(e instanceof IOException io
                                ? new UncheckedIOException("cannot append to the event store in " + dir, io)
                                : new IllegalStateException("cannot append to the event store in " + dir + ": " + e, e));
                    }
                }
                return;
            }
            synchronized (this) {
                run.forEach(request -> request.addTo(tail));
                for (Request request : run) {
                    activeLines += request.lineEnds.length;
                }
                endOffset = writeEnd;
            }
            failures.succeeded();
            run.forEach(Request::complete);
        }
    }

    /**
     * Plans requests from {@code group[from]} on into {@code run}, all in the active segment, and returns the
     * index of the first one not planned: the run ends where a request needs a new segment (the run is written
     * before the roll, so the segment rolled is whole). A request without room fails on its own.
     */
    private int planRun(List<Request> group, int from, List<Request> run) throws IOException {
        for (int i = from; i < group.size(); i++) {
            Request request = group.get(i);
            int bytes = request.length;
            try {
                if (!makeRoom(request, run.isEmpty())) {
                    return i;
                }
            } catch (StoreFullException e) {
                request.fail(e);
                continue;
            }
            long activeSize = writeEnd - activeBase;
            if (activeSize > 0 && activeSize + bytes > segmentBytes) {
                if (!run.isEmpty()) {
                    return i;
                }
                roll();
            }
            request.firstOffset = writeEnd;
            writeEnd += bytes;
            run.add(request);
        }
        return group.size();
    }

    /** One gathering write of the run's bytes where the run starts in the active segment. */
    private void write(List<Request> run, long start) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[run.size()];
        long remaining = 0;
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.wrap(run.get(i).bytes, 0, run.get(i).length);
            remaining += buffers[i].remaining();
        }
        active.position(start - activeBase);
        while (remaining > 0) {
            remaining -= active.write(buffers);
            writes.incrementAndGet();
        }
    }

    /** After a failed write: forget what was planned past the readable end, and cut what of it reached the file. */
    private void undoUnpublished() {
        writeEnd = endOffset;
        try {
            if (active.isOpen() && activeBase <= endOffset) {
                active.truncate(endOffset - activeBase);
            }
        } catch (IOException e) {
            LOG.error("Event store: cannot cut a failed append from {} ({}); a restart cuts a torn line",
                    segments.get(activeBase), e.toString());
        }
    }

    /** Sets a hook run by the writing thread before each file write (tests hold a write with it). */
    void beforeEachWrite(Runnable hook) {
        this.beforeWrite = hook;
    }

    /** Requests queued and not yet taken by a writing thread (tests wait for followers with it). */
    int queued() {
        queueLock.lock();
        try {
            return queue.size();
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Up to {@code maxLines} entries from {@code offset} on, each with its parsed event: from the parsed tail when
     * it holds {@code offset} (no file read, no parsing), otherwise from the file, within one segment and up to
     * where the tail begins, each line checked ({@link LineChecksum}) and parsed once. Damaged lines are skipped
     * (logged and counted once, {@link #corruptLines()}); {@link Read#next()} is past them.
     */
    public Read read(long offset, int maxLines) {
        return read(offset, maxLines, true);
    }

    /**
     * As {@link #read(long, int)}; with {@code parseEvents} false, a line read from a segment file gives its event
     * only as JSON ({@link Entry#eventJson()}; {@code entry.event().event()} is null): for a reader that sends
     * that JSON as it is, a file read then costs a third of a parsed one. Lines from the parsed tail have both.
     */
    public Read read(long offset, int maxLines, boolean parseEvents) {
        long skippedTo = -1;
        Span span;
        synchronized (this) {
            if (offset < segments.firstKey()) {
                skippedTo = segments.firstKey();
                offset = skippedTo;
            }
            List<Entry> cached = offset < endOffset ? tail.read(offset, maxLines, EventStore::parse) : List.of();
            if (cached != null) {
                return new Read(cached, skippedTo, cached.isEmpty() ? offset : cached.get(cached.size() - 1).nextOffset());
            }
            span = spanFrom(offset);
            long tailStart = tail.firstOffset();
            if (tailStart > offset && tailStart < span.end()) {
                span = new Span(span.segment(), span.base(), tailStart); // the rest is parsed already
            }
        }
        fileReads.incrementAndGet();
        Lines lines = span.read(offset, maxLines, damage, parseEvents);
        return new Read(lines.entries(), skippedTo, lines.next());
    }

    /** Where a read from {@code offset} (retained, before the end) finds its lines: only whole appends, no line cut. */
    private Span spanFrom(long offset) {
        long base = segments.floorKey(offset);
        Long next = segments.higherKey(base);
        return new Span(segments.get(base), base, next == null ? endOffset : Math.min(next, endOffset));
    }

    /** A line appended by this process as text (tests), parsed on its first read from the tail. */
    private static StoredEvent parse(String line) {
        return EventJson.read(line, StoredEvent.class);
    }

    /** The stored event of a checked line, with its event's JSON ({@link StoredLine}), or why it is not one (a {@link String}). */
    private static Object parseChecked(byte[] bytes, int from, int to, boolean parseEvent) {
        StoredLine line = parseEvent ? null : StoredLine.ofWritten(bytes, from, to); // its checksum matched
        if (line != null && line.stored().occurrence() != null) {
            return line;
        }
        try {
            line = StoredLine.parse(bytes, from, to, parseEvent);
        } catch (IOException | RuntimeException e) {
            return "not a stored event (" + firstLine(e.getMessage()) + ")";
        }
        if ((parseEvent ? line.stored().event() == null : line.eventJson() == null) || line.stored().occurrence() == null) {
            return "not a stored event (no occurrence or no event)";
        }
        return line;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        String first = end < 0 ? message : message.substring(0, end);
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }

    /** The lines a span read gave, and where the next read starts. */
    private record Lines(List<Entry> entries, long next) {
    }

    /** Readable bytes of one segment file, from its {@code base} offset up to {@code end}. */
    private record Span(Path segment, long base, long end) {

        /**
         * Up to {@code maxLines} good lines from {@code offset} (before {@code end}) on, each checked and parsed
         * (its event only cut out as JSON without {@code parseEvents}, when its checksum vouches for it);
         * damaged lines (a checksum that does not match, JSON that is no stored event, bytes up to {@code end}
         * without a newline, a file shorter than its span) are told to {@code damage}, consecutive ones as one
         * range, and passed over.
         */
        Lines read(long offset, int maxLines, StoreDamage damage, boolean parseEvents) {
            List<Entry> entries = new ArrayList<>(Math.min(maxLines, 1024));
            DamagedRun damaged = new DamagedRun(this, damage);
            long position = offset;
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
                byte[] chunk = READ_BUFFER.get();
                while (entries.size() < maxLines && position < end) {
                    int length = (int) Math.min(chunk.length, end - position);
                    ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, length);
                    while (buffer.hasRemaining() && channel.read(buffer, position - base + buffer.position()) > 0) {
                        // fill the chunk: a file read may return less than asked
                    }
                    int read = buffer.position();
                    int lineStart = 0;
                    for (int i = 0; i < read && entries.size() < maxLines; i++) {
                        if (chunk[i] == '\n') {
                            long lineOffset = position + lineStart;
                            LineChecksum.Verdict verdict = LineChecksum.verify(chunk, lineStart, i);
                            Object parsed = verdict == LineChecksum.Verdict.DAMAGED ? "its checksum does not match"
                                    : parseChecked(chunk, lineStart, LineChecksum.jsonEnd(verdict, i),
                                            // a line without checksum is checked by parsing it whole
                                            parseEvents || verdict == LineChecksum.Verdict.UNCHECKED);
                            if (parsed instanceof StoredLine line) {
                                damaged.end();
                                entries.add(new Entry(lineOffset, line.stored(), position + i + 1, line.eventJson()));
                            } else {
                                damaged.add(lineOffset, position + i + 1, (String) parsed);
                            }
                            lineStart = i + 1;
                        }
                    }
                    if (lineStart == 0) {
                        if (read < length) {
                            damaged.add(position, end, "the file ends at byte " + (position - base + read)
                                    + ", before the next segment (or the store's end) at byte " + (end - base));
                            position = end;
                            break;
                        }
                        if (position + read == end) {
                            damaged.add(position, end, "no newline before the next segment (or the store's end)");
                            position = end;
                            break;
                        }
                        chunk = new byte[chunk.length * 2]; // a line longer than the chunk
                        continue;
                    }
                    position += lineStart;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                damaged.add(position, end, "the segment file is missing");
                position = end;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the event store segment " + segment, e);
            }
            damaged.end();
            return new Lines(entries, position);
        }
    }

    /** Consecutive damaged lines found by one read, reported as one range when a good line (or the read) ends them. */
    private static final class DamagedRun {
        private final Span span;
        private final StoreDamage damage;
        private long from = -1;
        private long to;
        private long lines;
        private String why;

        DamagedRun(Span span, StoreDamage damage) {
            this.span = span;
            this.damage = damage;
        }

        void add(long lineFrom, long lineTo, String reason) {
            if (from < 0) {
                from = lineFrom;
                why = reason;
            } else if (!why.equals(reason) && !why.endsWith("and others")) {
                why = why + ", and others";
            }
            to = lineTo;
            lines++;
        }

        void end() {
            if (from >= 0) {
                damage.skipped(span.segment(), span.base(), from, to, lines, why);
                from = -1;
                lines = 0;
            }
        }
    }

    /** Damaged lines skipped since the store opened ({@code venice_events_store_corrupt_total}). */
    public long corruptLines() {
        return damage.lines();
    }

    /**
     * The start of the line {@code offset} falls in: {@code offset} itself when a line starts there (or it is
     * outside the retained lines), else the offset just after the newline before it in its segment (the
     * segment's first byte when there is none). For a reader whose offset was damaged.
     */
    public long lineStart(long offset) {
        Path segment;
        long base;
        synchronized (this) {
            if (offset <= segments.firstKey() || offset >= endOffset || segments.containsKey(offset)) {
                return offset;
            }
            base = segments.floorKey(offset);
            segment = segments.get(base);
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            return base + lastNewlineBefore(channel, offset - base) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event store segment " + segment, e);
        }
    }

    /**
     * The position of the last newline before {@code position} in the file, -1 when there is none: read
     * backwards in chunks (a line may be long).
     */
    private static long lastNewlineBefore(FileChannel channel, long position) throws IOException {
        byte[] chunk = new byte[8192];
        long end = Math.min(position, channel.size());
        while (end > 0) {
            int length = (int) Math.min(chunk.length, end);
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, length);
            while (buffer.hasRemaining() && channel.read(buffer, end - length + buffer.position()) > 0) {
                // fill the chunk
            }
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    return end - length + i;
                }
            }
            end -= length;
        }
        return -1;
    }

    /** Where the oldest retained line starts. */
    public synchronized long firstOffset() {
        return segments.firstKey();
    }

    /** Where the next append goes: a new writer starts here ("from now"). */
    public synchronized long endOffset() {
        return endOffset;
    }

    /** A reader (a writer's feed) needs everything from {@code offset} on; the store keeps it. */
    public synchronized void registerReader(String reader, long offset) {
        readers.put(reader, offset);
    }

    /** A reader is gone for good (its writer was deleted): the store no longer keeps anything for it. */
    public synchronized void forgetReader(String reader) {
        if (readers.remove(reader) != null) {
            trimBefore(readers.values().stream().mapToLong(Long::longValue).min().orElse(endOffset));
        }
    }

    /** A reader has delivered everything before {@code offset}: segments no reader needs any more are deleted. */
    public synchronized void advanceReader(String reader, long offset) {
        readers.put(reader, offset);
        trimBefore(readers.values().stream().mapToLong(Long::longValue).min().orElse(endOffset));
    }

    /** Deletes the segments that end at or before {@code offset}, the lowest offset any reader still needs. */
    public synchronized void trimBefore(long offset) {
        while (segments.size() > 1) {
            long first = segments.firstKey();
            long next = segments.higherKey(first);
            if (next > offset) {
                return;
            }
            deleteOldest();
        }
    }

    /** Tells {@code listener} (reader, events) how many events each reader lost when the store dropped a segment. */
    public synchronized void onDropped(java.util.function.BiConsumer<String, Long> listener) {
        this.droppedFor = listener;
    }

    /** Events dropped because the store was full and {@code store.when-full=drop-oldest}. */
    public long dropped() {
        return dropped.get();
    }

    /** {@code store.max-bytes}: most bytes of events not yet delivered by every reader. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Where a reader's count of the lines after its offset stands, kept by the reader between calls of
     * {@link #linesFrom}: the lines in {@code [from, to)} of the segment whose base is {@code base}. The next call
     * in the same segment counts only the bytes the reader passed and those appended since.
     */
    public static final class LineCount {
        private long base = -1;
        private long from = -1;
        private long to;
        private long lines;
    }

    /**
     * The lines stored from {@code offset} (a line start: a reader's offset) to the end: held states and damaged
     * lines count too. Counted without parsing, and without adding to any append: the lines of the segments after
     * the one {@code offset} is in are known (counted per append, or once for the segments found at open); in its
     * own segment the newlines from {@code offset} are counted, at most that segment's bytes, and with
     * {@code memo} only those the reader passed or that were appended since its last call. Not thread-safe per
     * {@code memo}.
     */
    public long linesFrom(long offset, LineCount memo) {
        long base;
        long end;
        Path segment;
        List<long[]> later = new ArrayList<>(); // [base, bytes at open, lines at open, lines appended]
        List<Path> laterFiles = new ArrayList<>();
        synchronized (this) {
            offset = Math.max(offset, segments.firstKey());
            if (offset >= endOffset) {
                return 0;
            }
            base = segments.floorKey(offset);
            segment = segments.get(base);
            Long next = segments.higherKey(base);
            end = next == null ? endOffset : Math.min(next, endOffset);
            for (Map.Entry<Long, Path> s : segments.tailMap(base, false).entrySet()) {
                long[] atOpen = linesAtOpen.getOrDefault(s.getKey(), new long[] {0, 0});
                long appended = s.getKey() == activeBase ? activeLines : linesAppended.getOrDefault(s.getKey(), 0L);
                later.add(new long[] {s.getKey(), atOpen[0], atOpen[1], appended});
                laterFiles.add(s.getValue());
            }
        }
        if (memo.base == base && memo.from <= offset && offset <= memo.to && memo.to <= end) {
            memo.lines -= countNewlines(segment, memo.from - base, offset - base); // delivered since: both line starts
            memo.from = offset;
        } else {
            memo.base = base;
            memo.from = offset;
            memo.to = offset;
            memo.lines = 0;
        }
        memo.lines += countNewlines(segment, memo.to - base, end - base);
        memo.to = end;
        long lines = memo.lines;
        for (int i = 0; i < later.size(); i++) {
            long[] s = later.get(i);
            long atOpen = s[2];
            if (atOpen < 0) {
                atOpen = countNewlines(laterFiles.get(i), 0, s[1]);
                synchronized (this) {
                    long[] known = linesAtOpen.get(s[0]);
                    if (known != null) {
                        known[1] = atOpen;
                    }
                }
            }
            lines += atOpen + s[3];
        }
        return lines;
    }

    /** Newlines in bytes {@code [from, to)} of a segment file; 0 for a file deleted meanwhile (no reader needs it). */
    private static long countNewlines(Path segment, long from, long to) {
        if (from >= to) {
            return 0;
        }
        long lines = 0;
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            byte[] bytes = buffer.array();
            for (long position = from; position < to; ) {
                buffer.clear().limit((int) Math.min(bytes.length, to - position));
                int read = channel.read(buffer, position);
                if (read <= 0) {
                    break;
                }
                for (int i = 0; i < read; i++) {
                    if (bytes[i] == '\n') {
                        lines++;
                    }
                }
                position += read;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event store segment " + segment, e);
        }
        return lines;
    }

    /** Bytes of the retained segments, up to the readable end. */
    public synchronized long retainedBytes() {
        return Math.max(0, endOffset - segments.firstKey());
    }

    /**
     * Every good retained line from the oldest on, read from the files, for rebuilding in-memory state at start;
     * damaged lines are skipped (logged and counted) as readers skip them.
     */
    public void forEachRetained(java.util.function.Consumer<StoredEvent> consumer) {
        long offset = firstOffset();
        while (true) {
            Span span;
            synchronized (this) {
                offset = Math.max(offset, segments.firstKey());
                if (offset >= endOffset) {
                    return;
                }
                span = spanFrom(offset);
            }
            Lines lines = span.read(offset, 10_000, damage, true);
            if (lines.next() == offset) {
                return;
            }
            lines.entries().forEach(entry -> consumer.accept(entry.event()));
            offset = lines.next();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        active.close();
    }

    /**
     * Makes room for one request: true when it fits (dropping the oldest segments under drop-oldest); false
     * when the oldest segment is the active one and {@code canRoll} is false (it holds a run not yet written).
     *
     * @throws StoreFullException when the request does not fit and the store rejects
     */
    private boolean makeRoom(Request request, boolean canRoll) throws IOException {
        long bytes = request.length;
        if (request.reserved) {
            return true;
        }
        if (request.copy && undeliveredBytes() == 0) {
            return true; // its readers delivered all the log holds: a copied batch goes in, even one past maxBytes
        }
        if (bytes > maxBytes) {
            if (!request.copy || whenFull == WhenFull.REJECT) {
                throw new StoreFullException("an append of " + bytes + " bytes is larger than store.max-bytes="
                        + maxBytes);
            }
            bytes = maxBytes; // a copied batch larger than the log, under drop-oldest: everything before it goes
        }
        while (writeEnd - segments.firstKey() + bytes > maxBytes) {
            if (whenFull == WhenFull.REJECT) {
                throw new StoreFullException("event store full: " + (writeEnd - segments.firstKey())
                        + " of store.max-bytes=" + maxBytes + " bytes are events the writers have not delivered yet");
            }
            if (segments.size() == 1) {
                if (!canRoll) {
                    return false;
                }
                roll(); // the oldest events are in the active segment: close it, so it can be dropped
                continue;
            }
            Path oldest = segments.firstEntry().getValue();
            long first = segments.firstKey();
            long end = segments.higherKey(first);
            List<Map.Entry<String, Long>> behind = readers.entrySet().stream().filter(r -> r.getValue() < end).toList();
            long[] from = new long[behind.size() + 1]; // from[0]: the whole segment; then each reader's position in it
            for (int i = 0; i < behind.size(); i++) {
                from[i + 1] = Math.max(0, behind.get(i).getValue() - first);
            }
            long[] linesFrom = countLines(oldest, from);
            long lines = linesFrom[0];
            for (int i = 0; i < behind.size(); i++) {
                droppedFor.accept(behind.get(i).getKey(), linesFrom[i + 1]);
            }
            deleteOldest();
            dropped.addAndGet(lines);
            LOG.error("Event store full (store.max-bytes={}): dropped the oldest {} events; {} dropped in all",
                    maxBytes, lines, dropped.get());
        }
        return true;
    }

    /** Bytes from the lowest reader's offset (the oldest retained line, with no reader) to the write end. */
    private long undeliveredBytes() {
        long from = readers.values().stream().mapToLong(Long::longValue).min().orElse(segments.firstKey());
        return writeEnd - Math.max(from, segments.firstKey());
    }

    /** Starts a new segment at the write end; when its file cannot be created, the store goes on in the active one. */
    private void roll() throws IOException {
        if (fsync) {
            active.force(true);
        }
        long base = writeEnd; // a roll comes only between runs: everything written is readable
        FileChannel next = FileChannel.open(segmentPath(base), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        active.close();
        active = next;
        linesAppended.put(activeBase, activeLines);
        activeLines = 0;
        activeBase = base;
        segments.put(activeBase, segmentPath(activeBase));
    }

    private void deleteOldest() {
        long base = segments.firstKey();
        Path oldest = segments.remove(base);
        linesAppended.remove(base);
        linesAtOpen.remove(base);
        damage.forgetBefore(segments.firstKey());
        try {
            Files.deleteIfExists(oldest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + oldest, e);
        }
    }

    /** A crash can leave half a line at the end: cut it, it was never acknowledged. */
    private void dropTornLine() throws IOException {
        long size = active.size();
        if (size == 0) {
            return;
        }
        long keep = lastNewlineBefore(active, size) + 1;
        if (keep == size) {
            return;
        }
        LOG.warn("Event store: cut {} bytes of a line left half-written by a crash (or bytes without a newline) at "
                + "the end of {}, offset {}", size - keep, segments.get(activeBase), activeBase + keep);
        active.truncate(keep);
    }

    private Path segmentPath(long base) {
        return dir.resolve(String.format("segment-%020d.jsonl", base));
    }

    private static long baseOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring("segment-".length(), name.length() - ".jsonl".length()));
    }

    /** For each byte position, the lines of the segment from there on, in one read of the segment. */
    private static long[] countLines(Path segment, long[] positions) throws IOException {
        long[] before = new long[positions.length]; // lines ending before each position
        long lines = 0;
        long offset = 0;
        try (java.io.InputStream in = Files.newInputStream(segment)) {
            byte[] chunk = new byte[64 * 1024];
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                for (int i = 0; i < n; i++, offset++) {
                    if (chunk[i] == '\n') {
                        for (int p = 0; p < positions.length; p++) {
                            if (offset < positions[p]) {
                                before[p]++;
                            }
                        }
                        lines++;
                    }
                }
            }
        }
        long[] from = new long[positions.length];
        for (int p = 0; p < positions.length; p++) {
            from[p] = lines - before[p];
        }
        return from;
    }
}
