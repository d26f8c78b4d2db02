package org.reaplab.web.viewer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.simulation.Run;
import org.reaplab.web.runs.Runs;
import org.reaplab.web.streams.ChunkSource;
import org.reaplab.web.streams.Streams;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
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
 * Writes never block ({@link Streams}): the events are made from the run's step records only when the
 * client can take them, so a slow client holds one batch and no thread. A run nobody has computed yet is
 * simulated on the bounded {@code runExecutor}, its steps handed to the stream as they come.
 */
@Component
public class RunStreamer {
    static final int BATCH = 500;

    private final Views views;
    private final Runs runs;
    private final JsonMapper json;
    private final Streams streams;
    private final ExecutorService simulate;

    public RunStreamer(Views views, Runs runs, JsonMapper json, Streams streams,
                       @Qualifier("runExecutor") ExecutorService simulate) {
        this.views = views;
        this.runs = runs;
        this.json = json;
        this.streams = streams;
        this.simulate = simulate;
    }

    public void stream(HttpServletRequest request, HttpServletResponse response, Supplier<ViewState> view, int after)
            throws IOException {
        RunEvents events = new RunEvents(after);
        Streams.Stream stream = streams.start(request, response, "text/event-stream", events);
        if (stream == null) return;
        events.stream = stream;
        ViewState v;
        try {
            v = view.get();
        } catch (RuntimeException e) {
            events.fail(e);
            return;
        }
        Map<String, Object> meta = new LinkedHashMap<>(Timeline.of(v.stored().scenario(), v.variant().design()).meta());
        meta.put("variant", v.variant().id());
        meta.put("design", v.variant().design().canonical());
        meta.put("maxSteps", views.maxSteps());
        meta.put("resumeAfter", after);
        events.meta(json.writeValueAsString(meta));
        Runs.Spec spec = views.spec(v);
        Run done = runs.peek(spec).orElse(null);
        if (done != null) {
            events.finished(done);
            return;
        }
        simulate.execute(() -> {
            if (stream.closed()) return;
            try {
                events.finished(runs.get(spec, (e, f) -> events.step(StepRecord.of(e, f))));
            } catch (RuntimeException e) {
                events.fail(e);
            }
        });
    }

    static String progress(int steps, int total, boolean truncated) {
        if (total < 0) {
            return "<span class=\"progress\" role=\"status\"><progress aria-label=\"simulating\"></progress> "
                    + String.format("%,d", steps) + " steps simulated…</span>";
        }
        return "<span class=\"progress done\" role=\"status\">" + String.format("%,d", total) + " steps"
                + (truncated ? " · stopped at the step limit" : "") + "</span>";
    }

    private static byte[] event(String name, String id, String data) {
        StringBuilder b = new StringBuilder();
        if (id != null) b.append("id:").append(id).append('\n');
        b.append("event:").append(name).append('\n');
        for (String line : data.split("\n", -1)) b.append("data:").append(line).append('\n');
        return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The events of one run for one client: the records of the steps as they are simulated, or of the finished
     * run, made into bytes when written.
     */
    private final class RunEvents implements ChunkSource {
        private final int after;
        private final List<StepRecord> live = new ArrayList<>();
        private volatile Streams.Stream stream;
        private String meta;
        private Run done;
        private String problem;
        private int next;
        private boolean ended;

        RunEvents(int after) {
            this.after = after;
        }

        void meta(String m) {
            synchronized (this) {
                meta = m;
            }
            stream.drain();
        }

        /** A step as it is simulated (on the simulating thread). */
        void step(StepRecord s) {
            synchronized (this) {
                live.add(s);
            }
            if (live.size() % BATCH == 0) stream.drain();
        }

        void finished(Run run) {
            synchronized (this) {
                done = run;
            }
            stream.drain();
        }

        void fail(RuntimeException e) {
            synchronized (this) {
                problem = e.getMessage();
            }
            Streams.Stream s = stream;
            if (s != null) s.drain();
        }

        @Override
        public synchronized byte[] next() {
            if (ended) return null;
            if (problem != null) {
                ended = true;
                byte[] p = event("problem", null, "<p class=\"problem\" role=\"alert\">⚠ " + HtmlUtils.htmlEscape(String.valueOf(problem)) + "</p>");
                byte[] d = event("done", null, "{\"steps\":0,\"failed\":true}");
                return concat(p, d);
            }
            if (meta != null) {
                byte[] m = event("meta", null, meta);
                meta = null;
                return m;
            }
            int size = done != null ? done.steps() : live.size();
            if (next < after) next = Math.min(after, size);
            if (next < size) {
                int to = Math.min(size, next + BATCH);
                List<StepRecord> batch = done != null ? Timeline.records(done, next, to) : new ArrayList<>(live.subList(next, to));
                int last = batch.get(batch.size() - 1).index();
                next = to;
                return concat(event("steps", String.valueOf(last), json.writeValueAsString(batch)),
                        event("progress", null, done != null && next == size
                                ? progress(done.steps(), done.steps(), done.outcome().truncated())
                                : progress(last, -1, false)));
            }
            if (done != null) {
                ended = true;
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("steps", done.steps());
                d.put("truncated", done.outcome().truncated());
                return concat(event("progress", null, progress(done.steps(), done.steps(), done.outcome().truncated())),
                        event("done", null, json.writeValueAsString(d)));
            }
            return null;
        }

        @Override
        public synchronized boolean finished() {
            return ended;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
