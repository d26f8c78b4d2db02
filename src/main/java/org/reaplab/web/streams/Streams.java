package org.reaplab.web.streams;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.web.guard.Clients;
import org.reaplab.web.guard.Refusals;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Streams to clients with non-blocking writes (Servlet {@link WriteListener}): no thread ever waits for
 * a client to read. A stream writes while the connection takes bytes, pulling chunks from its
 * {@link ChunkSource}; when the socket is full it stops, and the container calls it back once the
 * client has read. A producer that has more calls {@link Stream#drain()}. So a client that does not
 * read costs one chunk of memory and no thread, and is closed after {@code reaplab.streams.stall-timeout}.
 */
public final class Streams {
    private final StreamProperties properties;
    private final ScheduledExecutorService reaper;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    /** Open streams by client; a client's entry is counted and dropped only inside the map's own atomic steps. */
    private final Map<String, Integer> perClient = new ConcurrentHashMap<>();

    public Streams(StreamProperties properties, ScheduledExecutorService reaper) {
        this.properties = properties;
        this.reaper = reaper;
        long every = Math.max(200, Math.min(1000, properties.stallTimeout().toMillis() / 4));
        reaper.scheduleWithFixedDelay(this::closeStalled, every, every, TimeUnit.MILLISECONDS);
    }

    /** Streams open now. */
    public int open() {
        return open.size();
    }

    /**
     * Starts an asynchronous response of {@code contentType} fed by {@code source}, or answers 429 (and
     * returns null) when the client already holds {@code reaplab.streams.per-client} streams.
     */
    public Stream start(HttpServletRequest request, HttpServletResponse response, String contentType, ChunkSource source)
            throws IOException {
        String client = Clients.of(request);
        int count = perClient.merge(client, 1, Integer::sum);
        if (count > properties.perClient()) {
            release(client);
            Refusals.refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many streams",
                    "This client has " + properties.perClient() + " streams open already (reaplab.streams.per-client); "
                            + "close one first.", Map.of("Retry-After", "5"));
            return null;
        }
        response.setStatus(200);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async;
        ServletOutputStream out;
        try {
            async = request.startAsync(request, response);
            async.setTimeout(properties.maxDuration().toMillis());
            out = response.getOutputStream();
        } catch (IOException | RuntimeException e) {
            release(client); // no stream was opened: the count is given back
            throw e;
        }
        Stream s = new Stream(async, out, source, client);
        open.add(s);
        async.addListener(s);
        s.out.setWriteListener(s);
        return s;
    }

    private void release(String client) {
        // counted down and dropped in one step, so no start can count on an entry being dropped
        perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    private void closeStalled() {
        long now = System.nanoTime();
        long limit = properties.stallTimeout().toNanos();
        for (Stream s : open) {
            if (s.waiting && now - s.lastWrite > limit) s.close();
        }
    }

    /** One client's stream. */
    public final class Stream implements WriteListener, AsyncListener {
        private final AsyncContext async;
        private final ServletOutputStream out;
        private final ChunkSource source;
        private final String client;
        private byte[] pending;
        /** Written under the stream's lock; volatile for {@link #closed()}, which the simulating thread asks without it. */
        private volatile boolean closed;
        /** Closed while its write was stalled: completed when the container next calls back (see close). */
        private boolean completeLater;
        /** The socket is full and the stream waits for the client to read. */
        volatile boolean waiting;
        volatile long lastWrite = System.nanoTime();

        Stream(AsyncContext async, ServletOutputStream out, ChunkSource source, String client) {
            this.async = async;
            this.out = out;
            this.source = source;
            this.client = client;
        }

        /** Writes what the source has while the client takes it; ends the response once the source is finished. */
        public synchronized void drain() {
            if (closed) {
                completeIfClosedStalled();
                return;
            }
            try {
                while (true) {
                    if (!out.isReady()) {
                        waiting = true;
                        return; // onWritePossible will be called
                    }
                    waiting = false;
                    if (pending == null) pending = source.next();
                    if (pending == null) {
                        if (source.finished()) {
                            close();
                        } else {
                            out.flush();
                        }
                        return;
                    }
                    byte[] chunk = pending;
                    pending = null;
                    out.write(chunk);
                    lastWrite = System.nanoTime();
                }
            } catch (IOException | IllegalStateException e) {
                close();
            }
        }

        @Override
        public void onWritePossible() {
            drain();
        }

        @Override
        public void onError(Throwable t) {
            close();
            completeIfClosedStalled();
        }

        synchronized void close() {
            if (closed) return;
            closed = true;
            pending = null;
            // a stream whose write is stalled is not completed now: Tomcat would wait for that write for ever
            // and count the response as in progress until the server stops (graceful shutdown then waits out
            // its whole phase). The container drops the connection after its connection-timeout, and the
            // error completes it; a client that reads again ends it at its next write-possible.
            if (waiting) completeLater = true;
            else complete();
            forget();
        }

        /** Completes a stream closed while its write was stalled, once the container calls back. */
        private synchronized void completeIfClosedStalled() {
            if (!completeLater) return;
            completeLater = false;
            complete();
        }

        private void complete() {
            try {
                async.complete();
            } catch (IllegalStateException ignored) {
                // already completed by the container
            }
        }

        private void forget() {
            if (open.remove(this)) release(client);
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            synchronized (this) {
                closed = true;
            }
            forget();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            close();
        }

        @Override
        public void onError(AsyncEvent event) {
            close();
            completeIfClosedStalled();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }

    /** Ends every open stream (on shutdown). */
    public void closeAll() {
        for (Stream s : open) s.close();
    }

}
