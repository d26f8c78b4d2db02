package org.reaplab.web.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.StepEvent;
import org.reaplab.web.streams.ChunkSource;
import org.reaplab.web.streams.Streams;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a run's steps to a client as a JSON array, NDJSON lines or server-sent events, with
 * non-blocking writes ({@link Streams}): each batch is made into bytes only when the client can take it.
 */
@Component
class EventStreams {
    private static final int BATCH = 256;
    private final JsonMapper json;
    private final Streams streams;

    EventStreams(JsonMapper json, Streams streams) {
        this.json = json;
        this.streams = streams;
    }

    void jsonArray(HttpServletRequest request, HttpServletResponse response, List<StepEvent> events) throws IOException {
        start(request, response, MediaType.APPLICATION_JSON_VALUE, new Batches(events) {
            @Override
            String head() {
                return "[";
            }

            @Override
            String item(int i, StepEvent e) {
                return (i > 0 ? "," : "") + json.writeValueAsString(e);
            }

            @Override
            String tail() {
                return "]";
            }
        });
    }

    void ndjson(HttpServletRequest request, HttpServletResponse response, List<StepEvent> events) throws IOException {
        start(request, response, Accepts.NDJSON.toString(), new Batches(events) {
            @Override
            String item(int i, StepEvent e) {
                return json.writeValueAsString(e) + "\n";
            }
        });
    }

    void sse(HttpServletRequest request, HttpServletResponse response, List<StepEvent> events, Outcome outcome) throws IOException {
        start(request, response, MediaType.TEXT_EVENT_STREAM_VALUE, new Batches(events) {
            @Override
            String item(int i, StepEvent e) {
                return "id:" + e.index() + "\nevent:step\ndata:" + json.writeValueAsString(e) + "\n\n";
            }

            @Override
            String tail() {
                return "event:outcome\ndata:" + json.writeValueAsString(outcome) + "\n\n";
            }
        });
    }

    private void start(HttpServletRequest request, HttpServletResponse response, String type, Batches source) throws IOException {
        Streams.Stream s = streams.start(request, response, type, source);
        if (s != null) s.drain();
    }

    /** A list of steps as chunks of {@link #BATCH} items, between a head and a tail. */
    private abstract static class Batches implements ChunkSource {
        private final List<StepEvent> events;
        private int next = -1;
        private boolean done;

        Batches(List<StepEvent> events) {
            this.events = events;
        }

        String head() {
            return "";
        }

        abstract String item(int i, StepEvent e);

        String tail() {
            return "";
        }

        @Override
        public synchronized byte[] next() {
            if (done) return null;
            StringBuilder b = new StringBuilder();
            if (next < 0) {
                b.append(head());
                next = 0;
            }
            int to = Math.min(events.size(), next + BATCH);
            for (int i = next; i < to; i++) b.append(item(i, events.get(i)));
            next = to;
            if (next >= events.size()) {
                b.append(tail());
                done = true;
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized boolean finished() {
            return done;
        }
    }
}
