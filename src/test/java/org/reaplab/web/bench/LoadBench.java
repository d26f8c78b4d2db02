package org.reaplab.web.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The load test of issue 10, against a running server on loopback (bench/load.sh starts one): while 200
 * viewer streams, 4 clients that open a long stream and never read, 50 queued explorations and an upload
 * flood run, it times GET / and a viewer fragment, and prints p50/p99 of each, whether every stream
 * progressed, the server's threads and its RSS before, during and after.
 *
 *   LoadBench PORT PID [seconds]
 */
public final class LoadBench {
    static final String[] SCENARIOS = {"proc-reader-race", "vfork-child", "clone-vm-sibling", "two-reapers"};
    static final String[] VARIANTS = {"baseline", "reap_kill_v2", "reap_kill_all_rfc", "reap_kill_all_checked", "pidfd_mm_group", "kernel_oom"};

    final int port;
    final long pid;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicBoolean stop = new AtomicBoolean();

    LoadBench(int port, long pid) {
        this.port = port;
        this.pid = pid;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        new LoadBench(port, pid).run(seconds);
        System.exit(0);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String type, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** VmRSS (KiB) and Threads of the server process. */
    long[] proc() throws IOException {
        long rss = 0, threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
            if (line.startsWith("Threads:")) threads = Long.parseLong(line.replaceAll("\\D", ""));
        }
        return new long[] {rss, threads};
    }

    static String mb(long kib) {
        return String.format("%.0f MB", kib / 1024.0);
    }

    void run(int seconds) throws Exception {
        // warm up every path the load uses, so "before" is a warmed-up server
        String fragment = "/scenarios/proc-reader-race/inspector?variant=baseline&step=12";
        for (int i = 0; i < 30; i++) {
            get("/");
            get(fragment);
            get("/scenarios/" + SCENARIOS[i % SCENARIOS.length] + "/stream?variant=" + VARIANTS[i % VARIANTS.length]);
        }
        // an upload of the vfork scenario under another name is not the library's, so each is explored as its own job
        String heavy = Files.readString(Path.of("src/main/resources/scenarios/08-vfork-child.yaml"))
                .replace("name: vfork-child", "name: load-vfork");
        for (int i = 0; i < 3; i++) {
            String id = idOf(post("/api/scenarios", "application/yaml", "# warm-up " + i + "\n" + heavy));
            post("/api/explorations", "application/json", "{\"scenarioId\": \"" + id + "\", \"variant\": \"baseline\"}");
        }
        // a short round of the whole load first, so the bounded caches and the compiled code are in place before
        // the first figure; then idle until its jobs and garbage are gone
        load(10, fragment, heavy, proc(), false);
        stop.set(false);
        Thread.sleep(8000);
        // the same probe on the idle server, for comparison
        List<Long> idlePage = new ArrayList<>(), idleFragment = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long t0 = System.nanoTime();
            get("/");
            long t1 = System.nanoTime();
            get(fragment);
            idlePage.add((t1 - t0) / 1_000_000);
            idleFragment.add((System.nanoTime() - t1) / 1_000_000);
            Thread.sleep(50);
        }
        System.out.printf("idle server: GET / p50 %d ms p99 %d ms; fragment p50 %d ms p99 %d ms (load average %s)%n",
                pct(idlePage, 50), pct(idlePage, 99), pct(idleFragment, 50), pct(idleFragment, 99), loadAverage());
        load(seconds, fragment, heavy, proc(), true);
    }

    void load(int seconds, String fragment, String heavy, long[] before, boolean report) throws Exception {
        List<Long> pageMs = Collections.synchronizedList(new ArrayList<>());
        List<Long> fragmentMs = Collections.synchronizedList(new ArrayList<>());
        AtomicLong peakRss = new AtomicLong(before[0]), peakThreads = new AtomicLong(before[1]);
        List<Thread> threads = new ArrayList<>();

        // 200 viewer streams, each read to its end and opened again until the load ends
        int streams = 200;
        AtomicLongArray completed = new AtomicLongArray(streams);
        AtomicInteger streamErrors = new AtomicInteger();
        for (int i = 0; i < streams; i++) {
            int n = i;
            threads.add(start("viewer-" + i, () -> {
                String path = "/scenarios/" + SCENARIOS[n % SCENARIOS.length] + "/stream?variant=" + VARIANTS[(n / 4) % VARIANTS.length];
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = get(path);
                        if (r.statusCode() == 200 && r.body().contains("event:done")) completed.incrementAndGet(n);
                        else streamErrors.incrementAndGet();
                        Thread.sleep(1000); // a viewer watches the run a while before opening the next
                    } catch (IOException | InterruptedException e) {
                        if (!stop.get()) streamErrors.incrementAndGet();
                    }
                }
            }));
        }

        // 4 clients that open a long stream (20,000 steps, some MB) and never read it
        String longId = idOf(post("/api/scenarios", "application/yaml", longScenario()));
        List<Socket> nonReaders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket s = new Socket();
            s.setReceiveBufferSize(2048);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = s.getOutputStream();
            out.write(("GET /scenarios/" + longId + "/stream?variant=" + VARIANTS[i] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            nonReaders.add(s);
        }

        // 50 explorations queued at once: 50 distinct uploads (a comment makes each its own id) under a kill-all variant
        AtomicInteger explorationsAccepted = new AtomicInteger(), explorationsDone = new AtomicInteger(),
                explorationsRefused = new AtomicInteger();
        List<String> jobUrls = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 50; i++) {
            String id = idOf(post("/api/scenarios", "application/yaml", "# load test exploration " + i + " " + System.nanoTime() + "\n" + heavy));
            HttpResponse<String> job = post("/api/explorations", "application/json",
                    "{\"scenarioId\": \"" + id + "\", \"variant\": \"" + VARIANTS[2 + i % 3] + "\"}");
            if (job.statusCode() == 202 || job.statusCode() == 200) {
                explorationsAccepted.incrementAndGet();
                jobUrls.add(job.body().replaceAll("(?s).*\"url\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
            } else if (explorationsRefused.getAndIncrement() == 0) {
                System.out.println("exploration refused: " + job.statusCode() + " " + job.body());
            }
        }

        // an upload flood: 4 clients uploading distinct scenarios as fast as they are answered
        AtomicInteger uploads = new AtomicInteger(), uploadsRefused = new AtomicInteger();
        for (int c = 0; c < 4; c++) {
            int client = c;
            threads.add(start("uploader-" + c, () -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        HttpResponse<String> r = post("/api/scenarios", "application/yaml",
                                "# flood " + client + " " + i + " " + System.nanoTime() + "\n" + heavy);
                        if (r.statusCode() == 201) uploads.incrementAndGet();
                        else uploadsRefused.incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        if (!stop.get()) uploadsRefused.incrementAndGet();
                    }
                }
            }));
        }

        // the probe: GET / and a fragment, one after the other, as a visitor would
        CountDownLatch probed = new CountDownLatch(1);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        threads.add(start("probe", () -> {
            try {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    int a = get("/").statusCode();
                    long t1 = System.nanoTime();
                    int b = get(fragment).statusCode();
                    long t2 = System.nanoTime();
                    if (a == 200) pageMs.add((t1 - t0) / 1_000_000);
                    if (b == 200) fragmentMs.add((t2 - t1) / 1_000_000);
                    long[] p = proc();
                    peakRss.accumulateAndGet(p[0], Math::max);
                    peakThreads.accumulateAndGet(p[1], Math::max);
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                System.out.println("probe failed: " + e);
            } finally {
                probed.countDown();
            }
        }));
        probed.await();
        stop.set(true);
        for (String url : jobUrls) {
            HttpResponse<String> r = get(url);
            if (r.body().contains("\"state\":\"done\"")) explorationsDone.incrementAndGet();
        }
        for (Thread t : threads) t.join(60_000);
        boolean nonReadersClosed = true;
        for (Socket s : nonReaders) {
            s.setSoTimeout(1);
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[1 << 16];
                s.setSoTimeout(60_000);
                while (in.read(buf) > 0) { /* drain what the server wrote before it closed */ }
            } catch (IOException e) {
                nonReadersClosed = false;
            }
            s.close();
        }
        long[] during = {peakRss.get(), peakThreads.get()};
        if (!report) return;
        // idle: the heap shrinks back (G1PeriodicGCInterval) before the last figure
        long[] after = proc();
        for (int i = 0; i < 30 && after[0] > before[0] * 1.1; i++) {
            Thread.sleep(1000);
            after = proc();
        }

        long minCompleted = Long.MAX_VALUE, total = 0;
        for (int i = 0; i < streams; i++) {
            minCompleted = Math.min(minCompleted, completed.get(i));
            total += completed.get(i);
        }
        System.out.printf("load for %d s: 200 viewer streams, 4 non-reading clients, 50 queued explorations, 4 uploaders"
                + " (load average at the end %s)%n", seconds, loadAverage());
        System.out.printf("GET /               p50 %4d ms  p99 %4d ms  (%d requests)%n", pct(pageMs, 50), pct(pageMs, 99), pageMs.size());
        System.out.printf("GET fragment        p50 %4d ms  p99 %4d ms  (%d requests)  %s%n", pct(fragmentMs, 50), pct(fragmentMs, 99), fragmentMs.size(), fragment);
        System.out.printf("viewer streams      %d runs streamed to the end, every stream progressed: %s (fewest per stream %d), %d errors%n",
                total, minCompleted > 0 ? "yes" : "NO", minCompleted, streamErrors.get());
        System.out.printf("non-reading clients closed by the server: %s%n", nonReadersClosed ? "yes" : "no");
        System.out.printf("explorations        %d queued, %d done by the end%n", explorationsAccepted.get(), explorationsDone.get());
        System.out.printf("uploads             %d accepted, %d refused or failed%n", uploads.get(), uploadsRefused.get());
        System.out.printf("server threads      before %d, peak %d, after %d%n", before[1], during[1], after[1]);
        System.out.printf("server RSS          before %s, peak %s, after %s (%+.1f%%)%n", mb(before[0]), mb(during[0]), mb(after[0]),
                100.0 * (after[0] - before[0]) / before[0]);
    }

    /** The machine's 1, 5 and 15 minute load averages: a figure means little without them on a shared machine. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String idOf(HttpResponse<String> created) {
        return created.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** Eight /proc readers of 1,000 reads each: a run longer than the viewer's 20,000-step limit. */
    static String longScenario() {
        StringBuilder b = new StringBuilder("""
                version: 1
                name: long-load
                title: Eight readers, a long run
                mms:
                  - { name: app_mm, memory: { anon: 64 } }
                processes:
                  - { name: app, uid: 10123, mm: app_mm }
                """);
        for (int r = 0; r < 8; r++) b.append("  - { name: ps").append(r).append(", uid: 0 }\n");
        b.append("programs:\n");
        for (int r = 0; r < 8; r++) {
            b.append("  ps").append(r).append(":\n");
            for (int i = 0; i < 1000; i++) b.append("    - read_proc: { pid: app, file: cmdline }\n");
        }
        return b.append("schedule: { policy: round_robin }\n").toString();
    }

    static long pct(List<Long> xs, int p) {
        if (xs.isEmpty()) return -1;
        Long[] a = xs.toArray(Long[]::new);
        Arrays.sort(a);
        return a[Math.min(a.length - 1, (int) Math.ceil(p / 100.0 * a.length) - 1)];
    }

    Thread start(String name, ThrowingRunnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Exception e) {
                if (!stop.get()) System.out.println(name + ": " + e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
