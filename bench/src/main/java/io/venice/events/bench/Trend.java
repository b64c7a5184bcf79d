package io.venice.events.bench;

import java.util.List;

/**
 * Whether a resource sampled through a soak stays steady: the median of the last third of the samples must not be
 * above the median of the first third by more than the tolerance, {@code max(relative × first, absolute)}. Medians,
 * so that one sample caught at a bad moment (a collection, a burst) does not decide; thirds, so that a leak shows as
 * the distance between the start and the end, while the middle third lets a slow warm-up settle. With fewer than
 * three samples each third is one sample.
 *
 * @param name      what was sampled, with its unit
 * @param first     median of the first third
 * @param last      median of the last third
 * @param tolerance how far above {@code first} {@code last} may be
 * @param rule      the tolerance in words ("10%, at least 8 MB")
 * @param steady    {@code last <= first + tolerance}
 */
public record Trend(String name, double first, double last, double tolerance, String rule, boolean steady) {

    /** How much a resource may grow and still be steady. */
    public record Tolerance(double relative, double absolute, String rule) {
    }

    /** The verdict on {@code values}, in sampling order; no values: not steady ("no samples"), nothing was shown. */
    public static Trend of(String name, List<Double> values, Tolerance tolerance) {
        if (values.isEmpty()) {
            return new Trend(name, Double.NaN, Double.NaN, 0, tolerance.rule(), false);
        }
        int third = Math.max(1, values.size() / 3);
        double first = median(values.subList(0, third));
        double last = median(values.subList(values.size() - third, values.size()));
        double allowed = Math.max(tolerance.relative() * Math.abs(first), tolerance.absolute());
        return new Trend(name, first, last, allowed, tolerance.rule(), last <= first + allowed);
    }

    public String verdict() {
        return steady ? "steady" : Double.isNaN(first) ? "no samples" : "growing";
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @Override
    public String toString() {
        return name + ": " + verdict() + " (first third " + first + ", last third " + last + ", tolerance " + tolerance
                + " = " + rule + ")";
    }
}
