# The runner in a container: docker build -t venice-events . && docker run -d --name venice-events \
#   -p 9012:9012 -p 127.0.0.1:9013:9013 -v venice-events-data:/var/lib/venice-events --memory 768m \
#   --stop-timeout 30 --restart on-failure venice-events
# See the README, "Run it in a container / as a service".

# --- Build: the parent POM builds the runner module and the recorder it needs (not the bench module), as
# `mvn -B -DskipTests package` does; the tests are neither compiled nor run here (CI runs them: .ci/run).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
ARG MVN="mvn -B -q -Dmaven.test.skip=true -pl :venice-events -am"
# First the POMs alone, built with no sources: the dependencies and plugins are downloaded in a layer of
# their own, built again only when a POM changes (docker's classic builder has no cache mounts). bench/ is a
# module of the parent POM: Maven reads its POM, and builds nothing of it with -pl.
COPY pom.xml pom-runner.xml ./
COPY recorder/pom.xml recorder/
COPY bench/pom.xml bench/
RUN $MVN package && rm -rf target recorder/target
COPY recorder/src recorder/src
COPY src/main src/main
COPY config config
COPY routes routes
RUN $MVN package

# --- Runtime: a JRE 17 and the jar, run by a user of its own
FROM eclipse-temurin:17-jre-noble
RUN groupadd --system --gid 10001 venice-events \
    && useradd --system --uid 10001 --gid venice-events --home-dir /var/lib/venice-events \
        --no-create-home --shell /usr/sbin/nologin venice-events \
    && mkdir -p /var/lib/venice-events \
    && chown venice-events:venice-events /var/lib/venice-events
COPY --from=build /build/target/venice-events.jar /opt/venice-events/venice-events.jar
# The working directory has no config/ nor routes/: the runner uses the copies in the jar. Mount a folder of
# your own at /opt/venice-events/config (and routes/) to change them, or set the keys as environment variables.
WORKDIR /opt/venice-events

# Keys of config/application.properties as environment variables (PROXY_HOST is proxy.host, ...; an
# environment variable wins over a config file and -D): listen on every interface of the container (what
# `docker run -p` publishes; the default, 127.0.0.1, cannot be reached from outside it), and keep everything
# the runner writes in the volume. The ports stay the config's (9012, 9013, 9014; 9015 with PROXY_TLS_ENABLED=true):
# set PROXY_PORT / MANAGEMENT_PORT / PROXY_HTTP_PORT to move them (the health check follows MANAGEMENT_PORT).
ENV PROXY_HOST=0.0.0.0 \
    PROXY_HTTP_HOST=0.0.0.0 \
    MANAGEMENT_HOST=0.0.0.0 \
    DATA_DIR=/var/lib/venice-events
# data.dir: the event store, the writers' offsets, the events files and the dead letters. A named volume or a
# bind mount keeps them across containers; without one, what a writer has not delivered dies with the container.
VOLUME ["/var/lib/venice-events"]
# proxy.port (events in), management.port (/metrics, /health), proxy.http-port (POST /events), proxy.tls.port
EXPOSE 9012 9013 9014 9015

USER 10001:10001

# Liveness of the management port (curl is in the eclipse-temurin image). Readiness (/health/ready) also turns
# DOWN while a destination is unreachable, which a restart would not cure: an orchestrator's readiness probe, not
# this check. The start period covers reading back a large store at start.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_PORT:-9013}/health/live" || exit 1

# The README's JVM bounds: heap, Netty's direct buffers, and an exit instead of limping on when out of memory
# (the runner also exits with status 3 on any Error; --restart on-failure, or an orchestrator, restarts it).
# docker stop sends SIGTERM: the graceful stop takes up to camel.main.shutdown-timeout (15 s), so give it
# --stop-timeout 30 (docker's default, 10 s, would SIGKILL it: nothing acknowledged is lost, held counts wait).
ENTRYPOINT ["java", "-Xmx256m", "-XX:MaxDirectMemorySize=128m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/venice-events/venice-events.jar"]
CMD ["run"]
