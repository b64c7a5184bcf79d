package io.venice.events.recorder;

/** The proxy answered {@code "retry":true}: it took nothing of the request, which is to be sent again later. */
final class ProxyBusyException extends Exception {

    ProxyBusyException(String proxysWords) {
        super(proxysWords);
    }
}
