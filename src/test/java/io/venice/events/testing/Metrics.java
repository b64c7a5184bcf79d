package io.venice.events.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The runner's {@code /metrics} (Prometheus text), read as an operator's scraper would. */
public final class Metrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Metrics() {
    }

    /** Every series on {@code /metrics} of the management server at {@code managementPort}: name with labels, as printed, to value. */
    public static Map<String, Double> scrape(int managementPort) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /metrics on port " + managementPort, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading /metrics", e);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, Double> series = new LinkedHashMap<>();
        response.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return series;
    }

    /**
     * The value of metric {@code name} summed over all its label sets ({@code name} alone or {@code name{...}});
     * {@code -1} when {@code /metrics} has no such series.
     */
    public static double total(int managementPort, String name) {
        double sum = 0;
        boolean found = false;
        for (Map.Entry<String, Double> e : scrape(managementPort).entrySet()) {
            String series = e.getKey();
            if (series.equals(name) || series.startsWith(name + "{")) {
                sum += e.getValue();
                found = true;
            }
        }
        return found ? sum : -1;
    }
}
