package io.venice.events.store;

import java.time.Duration;
import java.util.regex.Pattern;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One log of the event store as an endpoint, {@code store:<log>}, and the options of its producer and consumer.
 * Camel sets the options from the URI through the setters (durations as {@code 100ms}, {@code 2s}, ISO-8601 or
 * plain milliseconds); an unknown option fails the endpoint's creation.
 */
public final class StoreEndpoint extends DefaultEndpoint {

    /** A reader name is a file name: its offset file is {@code <reader>.offset}. */
    private static final Pattern READER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String log;
    private final EventStore store;

    /**
     * Producer: the events were acknowledged already (repeat counts the dispatcher releases), so the store never
     * refuses them for space; they may take it past {@code store.max-bytes}. Default false.
     */
    private boolean reserved;
    /** Consumer, required: the reader's name; its offset is kept in {@code <offsetDir>/<reader>.offset}. */
    private String reader;
    /** Consumer: the most events in one exchange. Default 500. */
    private int batchSize = 500;
    /** Consumer: a partial batch waits at most this long for more events (a full one goes at once). Default 0: at once. */
    private Duration maxWait = Duration.ZERO;
    /**
     * Consumer: false hands out the events a reader that lags reads from the store's files as the JSON the store
     * holds, parsed into events only when a step asks for one (the body's elements): for a destination that sends
     * that JSON as it is (the Venice and file writers), whose file reads then cost a third. Default true.
     */
    private boolean parseEvents = true;
    /** Consumer: how long the consumer sleeps when nothing is due. Default 50 ms. */
    private Duration pollDelay = Duration.ofMillis(50);
    /**
     * Consumer: a processed batch counts as delivered (its offset is persisted) only once this long has passed
     * without {@link #connectionWatch} reporting a drop; after a drop everything unconfirmed goes again. For a
     * destination that takes data without confirming it (syslog over TCP). Default 0: at once.
     */
    private Duration confirmAfter = Duration.ZERO;
    /** Consumer: tells when the destination's connection last dropped ({@code #bean} reference); needed by {@link #confirmAfter}. */
    private ConnectionWatch connectionWatch;
    /**
     * Consumer: after an exchange failed (its route did not handle the failure), how long before the same batch
     * goes again. The routes do their own redelivery; this is the last resort. Default 1 s.
     */
    private Duration retryDelay = Duration.ofSeconds(1);

    StoreEndpoint(String uri, StoreComponent component, String log, EventStore store) {
        super(uri, component);
        this.log = log;
        this.store = store;
    }

    @Override
    public StoreComponent getComponent() {
        return (StoreComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (reader != null) {
            throw new IllegalArgumentException(getEndpointUri() + ": reader is an option of from: store:" + log
                    + ", not of to:");
        }
        return new StoreProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (reader == null || !READER_NAME.matcher(reader).matches()) {
            throw new IllegalArgumentException(getEndpointUri() + ": from: store:" + log + " needs reader=<name> "
                    + "(letters, digits, '.', '_', '-'), the name its offset is kept under"
                    + (reader == null ? "" : "; got '" + reader + "'"));
        }
        if (reserved) {
            throw new IllegalArgumentException(getEndpointUri() + ": reserved is an option of to: store:" + log);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException(getEndpointUri() + ": batchSize must be at least 1; got " + batchSize);
        }
        if (!confirmAfter.isZero() && connectionWatch == null) {
            throw new IllegalArgumentException(getEndpointUri() + ": confirmAfter needs connectionWatch=#<bean> "
                    + "telling when the connection drops");
        }
        StoreConsumer consumer = new StoreConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** A new, unopened feed for this endpoint's reader, with its options. */
    WriterFeed newFeed() {
        ConnectionWatch watch = connectionWatch;
        WriterFeed feed = watch == null
                ? new WriterFeed(reader, store, getComponent().offsetDir(), batchSize, getComponent().clock())
                : new WriterFeed(reader, store, getComponent().offsetDir(), batchSize, getComponent().clock(),
                        confirmAfter, watch::lastDrop);
        return feed.batchesWaitingAtMost(maxWait).parsingEvents(parseEvents);
    }

    /** The log's name, the URI path. */
    public String getLog() {
        return log;
    }

    EventStore store() {
        return store;
    }

    public boolean isReserved() {
        return reserved;
    }

    public void setReserved(boolean reserved) {
        this.reserved = reserved;
    }

    public String getReader() {
        return reader;
    }

    public void setReader(String reader) {
        this.reader = reader;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = nonNegative("maxWait", maxWait);
    }

    public boolean isParseEvents() {
        return parseEvents;
    }

    public void setParseEvents(boolean parseEvents) {
        this.parseEvents = parseEvents;
    }

    public Duration getPollDelay() {
        return pollDelay;
    }

    public void setPollDelay(Duration pollDelay) {
        this.pollDelay = nonNegative("pollDelay", pollDelay);
    }

    public Duration getConfirmAfter() {
        return confirmAfter;
    }

    public void setConfirmAfter(Duration confirmAfter) {
        this.confirmAfter = nonNegative("confirmAfter", confirmAfter);
    }

    public ConnectionWatch getConnectionWatch() {
        return connectionWatch;
    }

    public void setConnectionWatch(ConnectionWatch connectionWatch) {
        this.connectionWatch = connectionWatch;
    }

    public Duration getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(Duration retryDelay) {
        this.retryDelay = nonNegative("retryDelay", retryDelay);
    }

    private static Duration nonNegative(String option, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(option + " must be a duration of 0 or more; got " + value);
        }
        return value;
    }
}
