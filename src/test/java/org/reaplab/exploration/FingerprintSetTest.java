package org.reaplab.exploration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fingerprint set keeps, per new state of a level, the least rank offered, with or without locks. */
class FingerprintSetTest {

    @Test
    void aLevelKeepsTheLeastRankAndNumbersStatesInRankOrder() {
        // shared: several threads offer in any order; alone with sleep sets (persistent sets) as well
        for (boolean shared : new boolean[] {true, false}) {
            FingerprintSet set = new FingerprintSet(shared, !shared);
            set.add(1);
            int[] packed = {1, 0, 0}; // shape: one task, no group, no mm
            assertThat(set.offer(1, FingerprintSet.rank(0, 0), 0)).as("the initial state is known").isEqualTo(-1);
            int a = set.offer(77, FingerprintSet.rank(5, 1), 0);
            assertThat(a).isGreaterThanOrEqualTo(0);
            set.keep(77, a, packed, 3);
            int b = set.offer(88, FingerprintSet.rank(3, 0), 0);
            set.keep(88, b, packed, 3);
            assertThat(set.offer(77, FingerprintSet.rank(6, 0), 0)).as("higher rank: known, unchanged").isEqualTo(-1);
            assertThat(set.offer(77, FingerprintSet.rank(2, 4), 0)).as("lower rank: known, kept").isEqualTo(-1);
            FingerprintSet.Level level = set.takeLevel();
            assertThat(level.fp).containsExactly(77, 88);
            assertThat(level.rank).containsExactly(FingerprintSet.rank(2, 4), FingerprintSet.rank(3, 0));
            assertThat(set.stored(77)).isTrue();
            assertThat(set.offer(88, FingerprintSet.rank(0, 0), 0)).as("numbered in an earlier level").isEqualTo(-1);
        }
    }

    @Test
    void oneThreadWithoutSleepSetsOffersInRankOrder() {
        FingerprintSet set = new FingerprintSet(false, false);
        int[] packed = {1, 0, 0};
        int a = set.offer(88, FingerprintSet.rank(3, 0), 0);
        set.keep(88, a, packed, 3);
        int b = set.offer(0, FingerprintSet.rank(3, 2), 0);
        assertThat(b).as("the fingerprint 0 is a state like any other").isGreaterThanOrEqualTo(0);
        set.keep(0, b, packed, 3);
        int c = set.offer(77, FingerprintSet.rank(5, 1), 0);
        set.keep(77, c, packed, 3);
        assertThat(set.offer(88, FingerprintSet.rank(6, 0), 0)).as("met again").isEqualTo(-1);
        assertThat(set.offer(0, FingerprintSet.rank(6, 1), 0)).as("met again").isEqualTo(-1);
        assertThatThrownBy(() -> set.offer(99, FingerprintSet.rank(2, 0), 0)).isInstanceOf(IllegalStateException.class);
        FingerprintSet.Level level = set.takeLevel();
        assertThat(level.fp).containsExactly(88, 0, 77);
        assertThat(level.rank).containsExactly(FingerprintSet.rank(3, 0), FingerprintSet.rank(3, 2), FingerprintSet.rank(5, 1));
        assertThat(set.offer(0, FingerprintSet.rank(0, 0), 0)).as("numbered in an earlier level").isEqualTo(-1);
        // a state of an earlier level met again is not looked up when offered in rank order (a random access
        // per new state), but dropped when its level is taken, in one sweep
        int again = set.offer(77, FingerprintSet.rank(0, 1), 0);
        set.keep(77, again, packed, 3);
        int fresh = set.offer(66, FingerprintSet.rank(0, 2), 0);
        set.keep(66, fresh, packed, 3);
        FingerprintSet.Level next = set.takeLevel();
        assertThat(next.fp).as("numbered in an earlier level: dropped").containsExactly(66);
        assertThat(next.rank).containsExactly(FingerprintSet.rank(0, 2));
    }

    @Test
    void sleepSetsAreIntersectedWhenKept() {
        FingerprintSet set = new FingerprintSet(true, true);
        int e = set.offer(42, FingerprintSet.rank(1, 0), 0b1110);
        set.keep(42, e, new int[] {1, 0, 0}, 3);
        assertThat(set.offer(42, FingerprintSet.rank(2, 0), 0b0111)).isEqualTo(-1);
        assertThat(set.takeLevel().sleep).containsExactly(0b0110);
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
