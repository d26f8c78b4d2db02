package org.reaplab.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the database may hold in all ({@code reaplab.storage.*}), whoever uploads: per-client rates bound how fast
 * one client fills it, these bound how full it gets. Beyond either a save is refused with {@link StorageFull};
 * re-uploading a text that is stored already (or a library scenario) still answers, since it stores nothing.
 *
 * @param maxScenarios   uploaded scenarios stored at most
 * @param maxSourceBytes their texts' UTF-8 bytes in all
 * @param maxRuns        stored runs at most
 */
@ConfigurationProperties("reaplab.storage")
public record StorageQuota(@DefaultValue("50000") long maxScenarios,
                           @DefaultValue("512MB") DataSize maxSourceBytes,
                           @DefaultValue("200000") long maxRuns) {

    /** No limit: for tools and tests that make a store by hand. */
    public static final StorageQuota NONE = new StorageQuota(Long.MAX_VALUE, DataSize.ofBytes(Long.MAX_VALUE), Long.MAX_VALUE);
}
