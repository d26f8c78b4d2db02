package org.reaplab.web.streams;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ScheduledExecutorService;

/** The streams of the viewer and the API; the thread that closes stalled ones is the app's {@code streamReaper}. */
@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

    @Bean(destroyMethod = "closeAll")
    Streams streams(StreamProperties properties, @Qualifier("streamReaper") ScheduledExecutorService reaper) {
        return new Streams(properties, reaper);
    }
}
