# ReapLab: build with Maven, run on a JRE as a non-root user.
#   docker build -t reaplab .
#   docker run -p 8080:8080 -v reaplab-data:/app/data reaplab      # embedded H2 under /app/data
#   docker-compose up                                               # with PostgreSQL (docker-compose.yml)

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
# dependencies first, so they stay cached while the sources change
RUN mvn -B -q dependency:go-offline -DexcludeScope=test || true
COPY . .
RUN mvn -B -q package -DskipTests && cp target/reaplab.jar /reaplab.jar

FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system reaplab \
    && useradd --system --gid reaplab --home-dir /app --shell /usr/sbin/nologin reaplab \
    && mkdir -p /app/data \
    && chown -R reaplab:reaplab /app
WORKDIR /app
COPY --from=build --chown=reaplab:reaplab /reaplab.jar /app/reaplab.jar
USER reaplab
ENV PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:G1PeriodicGCInterval=5000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
# the default database is H2 in /app/data (REAPLAB_DB_URL overrides it; SPRING_PROFILES_ACTIVE=postgres for PostgreSQL)
VOLUME /app/data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/actuator/health" || exit 1
ENTRYPOINT ["java", "-jar", "/app/reaplab.jar"]
