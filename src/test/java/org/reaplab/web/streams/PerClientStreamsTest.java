package org.reaplab.web.streams;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-client stream limit with plain {@code new} and mock requests: one client, one stream allowed. */
@Execution(ExecutionMode.CONCURRENT) // many rounds, self-contained: runs beside the other tests (junit-platform.properties)
class PerClientStreamsTest {
    final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService closer = Executors.newSingleThreadExecutor();
    final Streams streams = new Streams(new StreamProperties(1, Duration.ofSeconds(30), Duration.ofMinutes(10), 1), reaper);

    @AfterEach
    void stop() {
        closer.shutdownNow();
        reaper.shutdownNow();
    }

    /** A stream of nothing for the one client, or null when it was refused. */
    Streams.Stream start() throws IOException {
        return start(true);
    }

    Streams.Stream start(boolean asyncSupported) throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/runs/r/events");
        request.setAsyncSupported(asyncSupported);
        HttpServletResponse response = new HttpServletResponseWrapper(new MockHttpServletResponse()) {
            @Override
            public ServletOutputStream getOutputStream() {
                return new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                    }

                    @Override
                    public void write(int b) {
                    }
                };
            }
        };
        return streams.start(request, response, "text/event-stream", new ChunkSource() {
            @Override
            public byte[] next() {
                return null;
            }

            @Override
            public boolean finished() {
                return false;
            }
        });
    }

    /**
     * A stream that starts while the client's last one closes is counted where the next one looks: the client
     * never holds more than its limit. Many rounds make it likely the start falls between the close's count and
     * its removal of the client's counter.
     */
    @Test
    void aStreamStartingWhileTheClientsLastOneClosesStillCounts() throws Exception {
        for (int i = 0; i < 50_000; i++) {
            Streams.Stream first = start();
            assertThat(first).as("first stream " + i).isNotNull();
            CountDownLatch ready = new CountDownLatch(1);
            Future<?> closed = closer.submit(() -> {
                ready.countDown();
                first.close();
            });
            ready.await();
            Streams.Stream second = start();
            closed.get();
            Streams.Stream third = start();
            assertThat(streams.open()).as("streams open after round " + i).isLessThanOrEqualTo(1);
            if (second != null) second.close();
            if (third != null) third.close();
            assertThat(streams.open()).as("streams open at the end of round " + i).isZero();
        }
    }

    /** A start that fails before its stream exists (the container refuses async) gives the client's count back. */
    @Test
    void aStartThatFailsDoesNotKeepItsCount() throws Exception {
        assertThatThrownBy(() -> start(false)).isInstanceOf(IllegalStateException.class);
        Streams.Stream next = start();
        assertThat(next).as("the one stream the client may open").isNotNull();
        next.close();
        assertThat(streams.open()).isZero();
    }
}
