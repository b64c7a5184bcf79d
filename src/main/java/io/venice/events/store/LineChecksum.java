package io.venice.events.store;

import java.util.zip.CRC32C;

/**
 * The checksum each line of the event store ends with: {@code <json>\t<crc>\n}, where {@code <crc>} is the CRC32C
 * of the JSON's UTF-8 bytes as 8 lowercase hex digits. The JSON never holds a raw tab (JSON escapes it inside
 * strings and the store writes no whitespace outside them), so a line without that 9-byte suffix is a line
 * written before checksums existed: it is read as before, its JSON checked by parsing only. {@code cut -f1} of a
 * segment gives the JSON lines, for {@code jq}.
 * <p>
 * The checksum is computed on the bytes already encoded, where they are (no copy).
 */
public final class LineChecksum {

    /** The bytes the checksum adds to a line: a tab and 8 hex digits. */
    public static final int SUFFIX_BYTES = 9;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** A CRC32C per thread, reset for each line: no allocation per line. */
    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    /** What a line holds once its checksum is checked. */
    public enum Verdict {
        /** The checksum matches: the JSON is {@code [start, end - SUFFIX_BYTES)}. */
        VALID,
        /** No checksum (written before checksums): the JSON is the whole line, checked by parsing only. */
        UNCHECKED,
        /** The checksum does not match the JSON: the line is damaged. */
        DAMAGED
    }

    private LineChecksum() {
    }

    /** Writes the suffix for the JSON {@code line[from, to)} at {@code line[to, to + SUFFIX_BYTES)}. */
    public static void write(byte[] line, int from, int to) {
        long crc = crc(line, from, to);
        line[to] = '\t';
        for (int i = 8; i >= 1; i--) {
            line[to + i] = HEX[(int) (crc & 0xF)];
            crc >>>= 4;
        }
    }

    /** Checks the line {@code bytes[from, to)} (without its newline). */
    public static Verdict verify(byte[] bytes, int from, int to) {
        int json = to - SUFFIX_BYTES;
        if (json < from || bytes[json] != '\t') {
            return Verdict.UNCHECKED;
        }
        long expected = 0;
        for (int i = json + 1; i < to; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0 || (bytes[i] >= 'A' && bytes[i] <= 'F')) {
                return Verdict.DAMAGED;
            }
            expected = expected << 4 | digit;
        }
        return crc(bytes, from, json) == expected ? Verdict.VALID : Verdict.DAMAGED;
    }

    /** Where the JSON of a line with this verdict ends. */
    public static int jsonEnd(Verdict verdict, int to) {
        return verdict == Verdict.VALID ? to - SUFFIX_BYTES : to;
    }

    private static long crc(byte[] bytes, int from, int to) {
        CRC32C crc = CRC.get();
        crc.reset();
        crc.update(bytes, from, to - from);
        return crc.getValue();
    }
}
