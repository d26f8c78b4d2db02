package org.reaplab.storage;

import java.util.function.LongSupplier;

/**
 * How many rows (and bytes) a table holds against its quota. Counted from the database on first use, then kept
 * here: a save reserves its row before the INSERT and gives it back if the INSERT does not happen, so concurrent
 * saves never go past the quota.
 */
final class StoredCount {
    private final String rowsSetting, bytesSetting, what;
    private final long maxRows, maxBytes;
    private final LongSupplier countRows, countBytes;
    private boolean counted;
    private long rows, bytes;

    StoredCount(String what, String rowsSetting, long maxRows, LongSupplier countRows,
                String bytesSetting, long maxBytes, LongSupplier countBytes) {
        this.what = what;
        this.rowsSetting = rowsSetting;
        this.maxRows = maxRows;
        this.countRows = countRows;
        this.bytesSetting = bytesSetting;
        this.maxBytes = maxBytes;
        this.countBytes = countBytes;
    }

    /**
     * The rows stored (and being stored) now, without asking the database after the first time: the gallery
     * asks on every visit, and a {@code COUNT(*)} there waited behind a flood of durable inserts.
     */
    synchronized long rows() {
        counted();
        return rows;
    }

    private void counted() {
        if (!counted) {
            rows = countRows.getAsLong();
            bytes = countBytes == null ? 0 : countBytes.getAsLong();
            counted = true;
        }
    }

    /** Takes one row of {@code size} bytes, or throws {@link StorageFull} naming the quota it would pass. */
    synchronized void reserve(long size) {
        counted();
        if (rows + 1 > maxRows) {
            throw new StorageFull(rowsSetting, maxRows, "This instance stores " + rows + " " + what
                    + " already, its limit (" + rowsSetting + "); nothing new can be stored.");
        }
        if (bytesSetting != null && bytes + size > maxBytes) {
            throw new StorageFull(bytesSetting, maxBytes, "This instance's stored " + what + " take " + bytes
                    + " bytes already; " + size + " more would pass its limit of " + maxBytes + " bytes (" + bytesSetting
                    + "); nothing new can be stored.");
        }
        rows++;
        bytes += size;
    }

    synchronized void release(long size) {
        rows--;
        bytes -= size;
    }
}
