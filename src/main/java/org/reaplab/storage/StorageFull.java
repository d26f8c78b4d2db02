package org.reaplab.storage;

/**
 * A save refused because the database holds what {@link StorageQuota} allows.
 *
 * @param setting the property that was reached ("reaplab.storage.max-scenarios")
 * @param limit   its value (a count, or bytes)
 */
public final class StorageFull extends RuntimeException {
    private final String setting;
    private final long limit;

    StorageFull(String setting, long limit, String message) {
        super(message);
        this.setting = setting;
        this.limit = limit;
    }

    public String setting() {
        return setting;
    }

    public long limit() {
        return limit;
    }
}
