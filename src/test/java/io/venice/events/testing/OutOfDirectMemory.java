package io.venice.events.testing;

import java.lang.reflect.Constructor;

/** Netty's {@code OutOfDirectMemoryError} (its constructor is not public), as Netty's allocator throws it. */
public final class OutOfDirectMemory {

    private OutOfDirectMemory() {
    }

    public static OutOfMemoryError error() {
        try {
            Class<?> type = Class.forName("io.netty.util.internal.OutOfDirectMemoryError");
            Constructor<?> constructor = type.getDeclaredConstructor(String.class);
            constructor.setAccessible(true);
            return (OutOfMemoryError) constructor.newInstance(
                    "failed to allocate 4194304 byte(s) of direct memory (used: 130023424, max: 134217728)");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make Netty's OutOfDirectMemoryError", e);
        }
    }
}
