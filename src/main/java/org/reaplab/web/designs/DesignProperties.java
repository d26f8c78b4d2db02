package org.reaplab.web.designs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The design-space search of the library ({@code reaplab.designs.*}).
 *
 * @param space      the space the page searches ({@code default}; the tests use {@code presets})
 * @param cacheDir   where results are kept across restarts; empty: in memory only
 * @param maxStates  each exploration's state budget; 0: the search's own
 * @param maxSeconds each exploration's time budget; 0: the search's own
 */
@ConfigurationProperties("reaplab.designs")
public record DesignProperties(@DefaultValue("default") String space,
                               @DefaultValue("data/designs") String cacheDir,
                               @DefaultValue("0") long maxStates,
                               @DefaultValue("0") double maxSeconds) {}
