package org.reaplab.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 201 means the scenario survives a crash. The packaged jar runs as its own process on a random port
 * and a temporary data directory; four clients upload distinct scenarios; at a random point (after a
 * random number of acknowledged uploads, with uploads in flight) the process is killed with SIGKILL, and
 * started again on the same data. After the last kill every upload that had been answered 201 must be
 * there, byte for byte. On H2 the URL deliberately leaves out WRITE_DELAY: the app sets it itself.
 * Results go to target/durability.txt.
 */
// waits on processes it starts, not on the browser tests' app or browser: it runs beside them (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
class DurabilityIT {
    static final int CLIENTS = 4;
    static final int KILLS = 3;
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]+)\"");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedUploadSurvivesSigkillOnH2() throws Exception {
        crashAndCheck("h2", "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("data/reaplab").toAbsolutePath());
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "REAPLAB_TEST_POSTGRES_URL", matches = ".+")
    void everyAcknowledgedUploadSurvivesSigkillOnPostgres() throws Exception {
        String url = System.getenv("REAPLAB_TEST_POSTGRES_URL");
        String schema = "durable_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        crashAndCheck("postgres", "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + System.getenv().getOrDefault("REAPLAB_TEST_POSTGRES_USER", "reaplab"),
                "--spring.datasource.password=" + System.getenv().getOrDefault("REAPLAB_TEST_POSTGRES_PASSWORD", ""),
                "--spring.flyway.schemas=" + schema);
    }

    private void crashAndCheck(String db, String... dbArgs) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        for (int round = 1; round <= KILLS; round++) {
            Server server = start(dbArgs);
            int target = acknowledged.size() + 40 + random.nextInt(120);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c, r = round;
                Thread t = new Thread(() -> upload(server.port, r, client, stop, acknowledged, sent), "uploader-" + c);
                t.start();
                clients.add(t);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= target);
            server.process.destroyForcibly(); // SIGKILL, uploads in flight
            server.process.waitFor();
            stop.set(true);
            for (Thread t : clients) t.join(30_000);
        }
        Server server = start(dbArgs);
        int lost = 0;
        try {
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port
                        + "/api/scenarios/" + e.getKey())).header("Accept", "application/yaml").timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().equals(e.getValue())) lost++;
            }
        } finally {
            server.process.destroy();
            server.process.waitFor();
        }
        String line = String.format("%s: %d uploads sent, %d acknowledged (201), %d SIGKILLs, %d lost (seed %d)%n",
                db, sent.get(), acknowledged.size(), KILLS, lost, seed);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/durability.txt"), line, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        System.out.print(line);
        assertThat(acknowledged).hasSizeGreaterThan(KILLS * 40);
        assertThat(lost).as(line).isZero();
    }

    /** Uploads distinct scenarios until told to stop or the server is gone; remembers each one answered 201. */
    private void upload(int port, int round, int client, AtomicBoolean stop, Map<String, String> acknowledged, AtomicInteger sent) {
        for (int i = 0; !stop.get(); i++) {
            String text = """
                    # round %d, client %d, upload %d: %s
                    version: 1
                    name: durable-%d-%d-%d
                    title: Durable upload %d of client %d
                    mms:
                      - { name: app_mm, memory: { anon: %d } }
                    processes:
                      - { name: lmkd, uid: 1069, caps: [CAP_KILL] }
                      - { name: app, uid: 10123, mm: app_mm }
                    programs:
                      lmkd:
                        - pidfd_open: { pid: app, as: fd }
                        - kill_and_reap: { pidfd: fd }
                    """.formatted(round, client, i, UUID.randomUUID(), round, client, i, i, client, 1 + i);
            try {
                sent.incrementAndGet();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/scenarios"))
                        .header("Content-Type", "application/yaml").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 201) {
                    Matcher m = ID.matcher(r.body());
                    if (m.find()) acknowledged.put(m.group(1), text);
                }
            } catch (IOException e) {
                return; // the server was killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Server(Process process, int port) {}

    private Server start(String... dbArgs) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", new File("target/reaplab.jar").getAbsolutePath(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--reaplab.guard.writes-per-minute=1000000", "--reaplab.guard.write-burst=100000",
                "--reaplab.guard.requests-per-second=100000", "--reaplab.guard.request-burst=100000",
                // the library's verdict matrix is not this test's subject: computed at every start it took the CPU the uploads need
                "--reaplab.verdicts.compute-at-startup=false",
                "--logging.level.root=WARN"));
        cmd.addAll(List.of(dbArgs));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server-" + port + ".log").toFile()).start();
        int ready = port;
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) throw new IllegalStateException("the server exited: " + Files.readString(dir.resolve("server-" + ready + ".log")));
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ready + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return new Server(p, port);
    }
}
