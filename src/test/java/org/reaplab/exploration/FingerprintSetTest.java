package org.reaplab.exploration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fingerprint set keeps, per new state of a level, the least rank offered by any worker and the
 * intersection of the sleep sets, drops the states of earlier levels, and hands the level back in rank order.
 */
class FingerprintSetTest {
    private static final int[] PACKED = {1, 0, 0}; // shape: one task, no group, no mm

    private static void found(FingerprintSet set, int worker, long fp, long rank, long sleep) {
        int e = set.offer(worker, fp, rank, sleep);
        assertThat(e).as("new to worker " + worker + ": " + fp).isGreaterThanOrEqualTo(0);
        set.keep(worker, e, PACKED, PACKED.length);
    }

    @Test
    void twoWorkersFindingOneStateKeepTheLeastRankAndNumberInRankOrder() {
        FingerprintSet set = new FingerprintSet(2, false);
        set.add(1);
        // worker 1 takes the later chunk and finds 77 first; worker 0 meets it later from an earlier parent
        found(set, 1, 77, FingerprintSet.rank(5, 1), 0);
        found(set, 0, 88, FingerprintSet.rank(3, 0), 0);
        found(set, 0, 77, FingerprintSet.rank(4, 2), 0);
        assertThat(set.offer(1, 77, FingerprintSet.rank(6, 0), 0)).as("met again by the same worker").isEqualTo(-1);
        found(set, 1, 1, FingerprintSet.rank(6, 1), 0); // the initial state: dropped when the level is taken
        FingerprintSet.Level level = set.takeLevel();
        assertThat(level.fp).containsExactly(88, 77);
        assertThat(level.rank).containsExactly(FingerprintSet.rank(3, 0), FingerprintSet.rank(4, 2));
        assertThat(set.stored(77)).isTrue();
        assertThat(set.stored(66)).isFalse();
        // a state of an earlier level met again is not looked up when offered (a random access per new
        // state), but dropped when its level is taken, in one sweep
        found(set, 0, 88, FingerprintSet.rank(0, 0), 0);
        found(set, 0, 66, FingerprintSet.rank(0, 1), 0);
        FingerprintSet.Level next = set.takeLevel();
        assertThat(next.fp).as("numbered in an earlier level: dropped").containsExactly(66);
    }

    @Test
    void theFingerprintZeroIsAStateLikeAnyOther() {
        FingerprintSet set = new FingerprintSet(1, false);
        found(set, 0, 0, FingerprintSet.rank(3, 2), 0);
        assertThat(set.offer(0, 0, FingerprintSet.rank(6, 1), 0)).as("met again").isEqualTo(-1);
        assertThat(set.takeLevel().fp).containsExactly(0);
        assertThat(set.stored(0)).isTrue();
        int again = set.offer(0, 0, FingerprintSet.rank(0, 0), 0);
        set.keep(0, again, PACKED, PACKED.length);
        assertThat(set.takeLevel().fp).as("numbered in an earlier level").isEmpty();
    }

    @Test
    void sleepSetsAreIntersectedAcrossOffersAndWorkers() {
        FingerprintSet set = new FingerprintSet(2, true);
        found(set, 0, 42, FingerprintSet.rank(1, 0), 0b1110);
        assertThat(set.offer(0, 42, FingerprintSet.rank(2, 0), 0b0111)).isEqualTo(-1);
        found(set, 1, 42, FingerprintSet.rank(9, 0), 0b0010);
        FingerprintSet.Level level = set.takeLevel();
        assertThat(level.sleep).containsExactly(0b0010);
        assertThat(level.rank).containsExactly(FingerprintSet.rank(1, 0));
        // with sleep sets an earlier level's state is known at once (the persistent-set search asks)
        assertThat(set.offer(0, 42, FingerprintSet.rank(0, 0), 0)).isEqualTo(-1);
    }

    @Test
    void aRankLoweredOutOfOrderIsSortedIntoPlace() {
        FingerprintSet set = new FingerprintSet(1, true);
        found(set, 0, 5, FingerprintSet.rank(2, 0), 0);
        found(set, 0, 6, FingerprintSet.rank(3, 0), 0);
        assertThat(set.offer(0, 6, FingerprintSet.rank(1, 0), 0)).isEqualTo(-1);
        FingerprintSet.Level level = set.takeLevel();
        assertThat(level.fp).containsExactly(6, 5);
        assertThat(level.rank).containsExactly(FingerprintSet.rank(1, 0), FingerprintSet.rank(2, 0));
    }

    @Test
    void aWorkersRecentOffersAnswerOnlyWhatChangesNothing() {
        FingerprintSet.Recent recent = new FingerprintSet.Recent();
        assertThat(recent.offered(9, 100)).as("first offer").isFalse();
        assertThat(recent.offered(9, 100)).as("same rank").isTrue();
        assertThat(recent.offered(9, 150)).as("higher rank").isTrue();
        assertThat(recent.offered(9, 50)).as("a lower rank must reach the set").isFalse();
        assertThat(recent.offered(9, 60)).as("noted at 50 now").isTrue();
        assertThat(recent.offered(10, 200)).as("another fingerprint").isFalse();
    }
}
