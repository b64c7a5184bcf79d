package io.venice.events.app;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{bytes:key}}}: the size of {@code key} (written with its unit, {@code 64k}) in bytes, for Camel options
 * that take a number ({@code camel.server.maxBodySize = {{bytes:proxy.max-line-bytes}}}). Camel finds it by its
 * name under META-INF/services/org/apache/camel/properties-function/, so it works where Camel Main reads its own
 * options, before the runner's configuration classes run. A value that is not a size is the key's problem,
 * reported by the configuration check; here it fails with the same message.
 */
public final class BytesPropertiesFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "bytes";
    }

    @Override
    public String apply(String key) {
        String value = camelContext.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalArgumentException(key + ": missing"));
        try {
            return String.valueOf(Units.size(value, 0, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
