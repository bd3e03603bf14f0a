# OpenTask's service image: `docker build -t opentask .` (docs/deployment.md).
#
# Stage 1 builds the service's jar. The wrapper and the poms come first, alone: the layer that downloads Maven,
# every dependency and every plugin depends on them only, so an edit of the sources reuses it from the cache.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY api/pom.xml api/
COPY command/pom.xml command/
COPY query/pom.xml query/
COPY app/pom.xml app/
# bench/ is not built, but Maven reads every module's pom listed by the parent
COPY bench/pom.xml bench/
RUN ./mvnw -B -pl app -am dependency:go-offline -DexcludeGroupIds=org.opentask
# Then the sources of the service's modules only (no bench/, cli/, docs/), built without tests or test classes.
COPY api/src api/src
COPY command/src command/src
COPY query/src query/src
COPY app/src app/src
RUN ./mvnw -B -pl app -am -Dmaven.test.skip=true package

# Stage 2: the jar on a JRE, as an unprivileged user.
FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK: the JRE image does not promise one
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 opentask \
    && useradd --system --uid 10001 --gid opentask --home-dir /opt/opentask --shell /usr/sbin/nologin opentask \
    && mkdir -p /opt/opentask/data \
    && chown -R opentask:opentask /opt/opentask
WORKDIR /opt/opentask
COPY --from=build --chown=opentask:opentask /src/app/target/opentask.jar opentask.jar
USER opentask:opentask
# The heap follows the container's memory limit (cgroup), not the host's: 75 % of the limit, the rest for
# metaspace, threads, buffers. A JVM out of memory exits, and the restart policy brings a fresh one.
ENV JAVA_TOOL_OPTIONS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8090
# /health answers 200 only while the service and its database answer
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS --max-time 4 http://127.0.0.1:8090/health || exit 1
ENTRYPOINT ["java", "-jar", "/opt/opentask/opentask.jar"]
