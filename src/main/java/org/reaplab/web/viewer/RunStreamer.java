package org.reaplab.web.viewer;

import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Streams a run to the browser as server-sent events, as it is simulated (or from the cache):
 * <ul>
 * <li>{@code meta}: lanes and the mms' starting counters (JSON);</li>
 * <li>{@code steps}: a batch of compact step records (JSON array); the event id is the last step's
 * index, so a reconnecting EventSource (Last-Event-ID) or {@code ?from=N} resumes after it;</li>
 * <li>{@code progress}: an HTML status line for htmx to swap in;</li>
 * <li>{@code done}: the step count (JSON); {@code problem}: an HTML error line.</li>
 * </ul>
 */
@Component
public class RunStreamer {
    static final int BATCH = 500;
    static final long FLUSH_MS = 100;
    private static final long TIMEOUT_MS = 5 * 60_000L;

    private final RunCache runs;
    private final JsonMapper json;
    private final ExecutorService pool;

    public RunStreamer(RunCache runs, JsonMapper json) {
        this.runs = runs;
        this.json = json;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "run-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }

    public SseEmitter stream(Supplier<ViewState> view, int after) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        pool.execute(() -> run(emitter, view, after));
        return emitter;
    }

    private void run(SseEmitter emitter, Supplier<ViewState> viewSupplier, int after) {
        Sender out = new Sender(emitter);
        try {
            ViewState view = viewSupplier.get();
            Map<String, Object> meta = new LinkedHashMap<>(new Timeline.Builder(view.stored().scenario(), view.variant()).timeline().meta());
            meta.put("variant", view.variant().id);
            meta.put("maxSteps", runs.maxSteps());
            meta.put("resumeAfter", after);
            out.send("meta", null, json.writeValueAsString(meta));
            List<Map<String, Object>> batch = new ArrayList<>();
            long[] lastFlush = {System.currentTimeMillis()};
            int[] seen = {0};
            RunView v = runs.compute(view, s -> {
                int i = (Integer) s.get("i");
                seen[0] = i;
                if (i > after) batch.add(s);
                long now = System.currentTimeMillis();
                if (batch.size() >= BATCH || (!batch.isEmpty() && now - lastFlush[0] >= FLUSH_MS)) {
                    flush(out, batch);
                    out.send("progress", null, progress(i, -1, false));
                    lastFlush[0] = now;
                }
            });
            flush(out, batch);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("steps", v.steps());
            done.put("truncated", v.run().outcome().truncated());
            out.send("progress", null, progress(v.steps(), v.steps(), v.run().outcome().truncated()));
            out.send("done", null, json.writeValueAsString(done));
            emitter.complete();
        } catch (RuntimeException e) {
            out.send("problem", null, "<p class=\"problem\" role=\"alert\">⚠ " + HtmlUtils.htmlEscape(String.valueOf(e.getMessage())) + "</p>");
            out.send("done", null, "{\"steps\":0,\"failed\":true}");
            emitter.complete();
        }
    }

    private void flush(Sender out, List<Map<String, Object>> batch) {
        if (batch.isEmpty()) return;
        int last = (Integer) batch.get(batch.size() - 1).get("i");
        out.send("steps", String.valueOf(last), json.writeValueAsString(batch));
        batch.clear();
    }

    static String progress(int steps, int total, boolean truncated) {
        if (total < 0) {
            return "<span class=\"progress\" role=\"status\"><progress aria-label=\"simulating\"></progress> "
                    + String.format("%,d", steps) + " steps simulated…</span>";
        }
        return "<span class=\"progress done\" role=\"status\">" + String.format("%,d", total) + " steps"
                + (truncated ? " · stopped at the step limit" : "") + "</span>";
    }

    /** Sends events until the client goes away, then drops the rest quietly (the run still completes and is cached). */
    private static final class Sender {
        private final SseEmitter emitter;
        private boolean gone;

        Sender(SseEmitter emitter) {
            this.emitter = emitter;
        }

        void send(String name, String id, String data) {
            if (gone) return;
            try {
                SseEmitter.SseEventBuilder e = SseEmitter.event().name(name).data(data);
                if (id != null) e.id(id);
                emitter.send(e);
            } catch (IOException | IllegalStateException e) {
                gone = true;
            }
        }
    }
}
