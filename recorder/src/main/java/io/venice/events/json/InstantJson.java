package io.venice.events.json;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.venice.events.text.InstantText;

/** An {@link Instant} as the JSON string {@link Instant#toString()} gives, written by {@link InstantText}. */
final class InstantJson extends StdSerializer<Instant> {

    InstantJson() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
        out.writeString(InstantText.append(new StringBuilder(30), value).toString());
    }
}
