package io.venice.events.dispatcher;

import io.venice.events.proxy.AcceptedUuids;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The dispatcher's first Idempotent Consumer's repository: the uuids the proxy accepted recently
 * ({@link AcceptedUuids}). An event whose uuid is already stored is a resend: a duplicate, acknowledged and not
 * counted again. Used with the EIP's defaults ({@code eager}, {@code removeOnFailure}) and the split's shared unit
 * of work, a uuid is claimed when its event enters the dispatcher, marked stored when the whole request completed
 * (its events are in the event store: {@link #confirm}) and forgotten when the request failed ({@link #remove}: the
 * sender is told to send it again). A copy arriving while another request is still storing the uuid fails its own
 * request with {@link EarlierCopyBeingStoredException}: it must not be acknowledged before the original is on disk.
 * (The dispatcher's throttle lets one request at a time in and returns its permit after {@link #confirm} or
 * {@link #remove}, so no claim of another request is ever open when one counts: the exception is a guard.)
 */
public final class AcceptedUuidRepository extends ServiceSupport implements IdempotentRepository {

    private final AcceptedUuids uuids;

    public AcceptedUuidRepository(AcceptedUuids uuids) {
        this.uuids = uuids;
    }

    @Override
    public boolean add(Exchange exchange, String uuid) {
        return switch (uuids.claim(uuid, requestOf(exchange))) {
            case NEW -> true;
            case DUPLICATE -> false;
            case PENDING -> throw new EarlierCopyBeingStoredException(uuid);
        };
    }

    @Override
    public boolean add(String uuid) {
        return add(null, uuid);
    }

    @Override
    public boolean contains(String uuid) {
        return uuids.contains(uuid);
    }

    @Override
    public boolean remove(String uuid) {
        uuids.forget(uuid);
        return true;
    }

    @Override
    public boolean confirm(String uuid) {
        uuids.stored(uuid);
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("the accepted uuids are cleared only by their window");
    }

    /** The request an event came in: the exchange the split made this one from (split copies carry its id). */
    static String requestOf(Exchange exchange) {
        if (exchange == null) {
            return "-";
        }
        return exchange.getProperty(ExchangePropertyKey.CORRELATION_ID, exchange.getExchangeId(), String.class);
    }

    @Override
    protected void doStart() {
        // in memory; rebuilt from the event store at start by DispatcherRecovery
    }

    @Override
    protected void doStop() {
        // nothing to release
    }
}
