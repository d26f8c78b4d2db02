package org.reaplab.web.streams;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Event streams ({@code reaplab.streams.*}): the viewer's run stream and the API's step streams.
 *
 * @param perClient      streams one client may hold open at once; more are answered 429
 * @param stallTimeout   a stream whose client has not taken a byte for this long is closed
 * @param maxDuration    no stream stays open longer than this
 * @param computeThreads runs simulated at once for streams that find their run not yet computed
 */
@ConfigurationProperties("reaplab.streams")
public record StreamProperties(@DefaultValue("16") int perClient,
                               @DefaultValue("30s") Duration stallTimeout,
                               @DefaultValue("10m") Duration maxDuration,
                               @DefaultValue("2") int computeThreads) {}
