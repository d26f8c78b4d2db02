package org.reaplab.web.jobs;

/**
 * How far a computation made of many jobs got (the library's verdict matrix, the design search): done,
 * computing, or failed. The pages' progress bars and the API's 202 answers read it.
 *
 * @param result        the result once there, else null
 * @param cached        it was read back from a file kept by an earlier run, not computed
 * @param done          explorations finished
 * @param total         explorations in all
 * @param states        distinct states over the explorations so far
 * @param elapsedMillis since the computation started, or how long it took
 * @param threads       explorations run at once
 * @param failure       why it failed, or null
 * @param <T>           the result
 */
public record WorkStatus<T>(T result, boolean cached, int done, int total, long states, long elapsedMillis, int threads,
                            String failure) {
    public boolean ready() {
        return result != null;
    }

    public boolean failed() {
        return failure != null;
    }

    public int percent() {
        return total == 0 ? 0 : (int) (100L * done / total);
    }
}
