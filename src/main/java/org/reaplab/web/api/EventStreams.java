package org.reaplab.web.api;

import jakarta.annotation.PreDestroy;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.StepEvent;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Writes a run's steps to a client from a worker thread: a JSON array, NDJSON lines or server-sent events. */
@Component
class EventStreams {
    private static final long TIMEOUT_MS = 10 * 60 * 1000L;
    private static final int BATCH = 256;
    private final JsonMapper json;
    private final ExecutorService workers;

    EventStreams(JsonMapper json) {
        this.json = json;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread t = new Thread(r, "reaplab-events-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newCachedThreadPool(f);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    ResponseBodyEmitter jsonArray(List<StepEvent> events) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(TIMEOUT_MS);
        workers.execute(() -> {
            try {
                StringBuilder b = new StringBuilder("[");
                for (int i = 0; i < events.size(); i++) {
                    if (i > 0) b.append(',');
                    b.append(json.writeValueAsString(events.get(i)));
                    if (b.length() > 64 * 1024) {
                        emitter.send(b.toString(), MediaType.APPLICATION_JSON);
                        b.setLength(0);
                    }
                }
                b.append(']');
                emitter.send(b.toString(), MediaType.APPLICATION_JSON);
                emitter.complete();
            } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    ResponseBodyEmitter ndjson(List<StepEvent> events) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(TIMEOUT_MS);
        workers.execute(() -> {
            try {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < events.size(); i++) {
                    b.append(json.writeValueAsString(events.get(i))).append('\n');
                    if ((i + 1) % BATCH == 0) {
                        emitter.send(b.toString(), Accepts.NDJSON);
                        b.setLength(0);
                    }
                }
                if (b.length() > 0) emitter.send(b.toString(), Accepts.NDJSON);
                emitter.complete();
            } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    SseEmitter sse(List<StepEvent> events, Outcome outcome) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        workers.execute(() -> {
            try {
                for (StepEvent e : events) {
                    emitter.send(SseEmitter.event().id(String.valueOf(e.index())).name("step")
                            .data(json.writeValueAsString(e), MediaType.APPLICATION_JSON));
                }
                emitter.send(SseEmitter.event().name("outcome").data(json.writeValueAsString(outcome), MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }
}
