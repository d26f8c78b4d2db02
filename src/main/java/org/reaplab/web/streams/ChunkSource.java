package org.reaplab.web.streams;

/**
 * Where a stream's bytes come from, one chunk at a time, asked for only when the client can take
 * more: a stream holds at most one chunk of its own, whatever the client's speed.
 */
public interface ChunkSource {
    /** The next chunk, or null when there is nothing more right now (see {@link #finished()}). */
    byte[] next();

    /** True once every chunk has been given. */
    boolean finished();
}
