package io.venice.events.bench;

import java.util.Arrays;

/** Every recorded latency, in nanoseconds, kept exactly (8 bytes each) so percentiles are exact. Not thread-safe. */
public final class LatencyRecorder {

    /** Percentiles of a set of latencies, in microseconds; {@code count} 0 means nothing was recorded. */
    public record Percentiles(long count, double p50, double p99, double p999, double max) {

        public static final Percentiles NONE = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        /** Microseconds as milliseconds with 2 decimals, or "n/a". */
        public static String ms(double micros) {
            return Double.isNaN(micros) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0);
        }
    }

    private long[] values = new long[1024];
    private int size;

    public void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
    }

    public int size() {
        return size;
    }

    /** Adds every latency of another recorder (which is not changed). */
    public void addAll(LatencyRecorder other) {
        if (size + other.size > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + other.size));
        }
        System.arraycopy(other.values, 0, values, size, other.size);
        size += other.size;
    }

    public Percentiles percentiles() {
        if (size == 0) {
            return Percentiles.NONE;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new Percentiles(size, micros(sorted, 0.50), micros(sorted, 0.99), micros(sorted, 0.999),
                sorted[size - 1] / 1000.0);
    }

    /** Nearest-rank percentile. */
    private static double micros(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }
}
