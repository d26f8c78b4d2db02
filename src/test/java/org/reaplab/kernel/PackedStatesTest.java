package org.reaplab.kernel;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.reaplab.kernel.path.Kernels;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer keeps its states packed ({@link PackedStates}): unpacking must give back exactly the state
 * that was packed, fixed fields and frames included, and equal values must share one id.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class PackedStatesTest {

    /** Every field of every object equal (frames by value), and the global part. */
    static boolean sameValue(KernelState a, KernelState b) {
        if (a.tasks.length != b.tasks.length || a.groups.length != b.groups.length || a.mms.length != b.mms.length) return false;
        for (int i = 0; i < a.tasks.length; i++) if (!a.tasks[i].sameValue(b.tasks[i])) return false;
        for (int i = 0; i < a.groups.length; i++) if (!a.groups[i].sameValue(b.groups[i])) return false;
        for (int i = 0; i < a.mms.length; i++) if (!a.mms[i].sameValue(b.mms[i])) return false;
        return Arrays.equals(a.processList, b.processList) && Arrays.equals(a.oomReaperList, b.oomReaperList)
                && Arrays.equals(a.fired, b.fired) && Objects.equals(a.panic, b.panic) && a.nextPid == b.nextPid
                && a.oomReaperTask == b.oomReaperTask;
    }

    /**
     * Random walks over the library under every preset, packing each child against its packed parent as
     * the explorer does: the unpacked child equals the stepped one, has its fingerprint, and steps alike.
     */
    @Test
    void unpackGivesBackThePackedStateExactly() {
        Random random = new Random(12);
        int checked = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                KernelState s = Kernels.boot(e.scenario(), v);
                PackedStates store = new PackedStates(s, false);
                int[] parent = new int[PackedStates.length(s)];
                store.pack(s, null, 0, parent);
                KernelState view = store.unpack(parent, 0, s.fingerprint(), null);
                assertThat(sameValue(view, s)).isTrue();
                KernelState scratch = view.copy();
                for (int depth = 0; depth < 150; depth++) {
                    List<Integer> runnable = new ArrayList<>();
                    for (int t = 0; t < view.tasks.length; t++) if (view.runnable(t)) runnable.add(t);
                    if (runnable.isEmpty()) break;
                    int[] next = null;
                    long nextFp = 0;
                    int pick = runnable.get(random.nextInt(runnable.size()));
                    for (int t : runnable) {
                        scratch.rewind(view);
                        scratch.step(t, null);
                        KernelState fresh = s.copy();
                        fresh.step(t, null);
                        long fp = scratch.fingerprint();
                        assertThat(fp).isEqualTo(fresh.fingerprint());
                        int[] packed = new int[PackedStates.length(scratch)];
                        assertThat(store.pack(scratch, parent, 0, packed)).isEqualTo(packed.length);
                        KernelState back = store.unpack(packed, 0, fp, null);
                        assertThat(sameValue(back, fresh)).as(e.file() + " " + v.id + " step of " + s.tasks[t].name).isTrue();
                        assertThat(store.fired(packed, 0)).isEqualTo(fresh.fired);
                        // a second packing of an equal state gives the same ids
                        int[] again = new int[packed.length];
                        store.pack(fresh, null, 0, again);
                        assertThat(again).isEqualTo(packed);
                        if (t == pick) {
                            next = packed;
                            nextFp = fp;
                        }
                        checked++;
                    }
                    s = s.copy();
                    s.step(pick, null);
                    parent = next;
                    view = store.unpack(parent, 0, nextFp, view);
                    assertThat(sameValue(view, s)).isTrue();
                }
            }
        }
        assertThat(checked).isGreaterThan(5000);
    }

    /** A value differing in any state field of a task, group or mm gets an id of its own. */
    @Test
    void everyFieldTellsValuesApart() throws Exception {
        KernelState k = KernelStateCopyTest.someState();
        PackedStates store = new PackedStates(k, true);
        int[] base = new int[PackedStates.length(k)];
        store.pack(k, null, 0, base);
        List<String> checked = new ArrayList<>();
        for (Field f : KernelStateCopyTest.stateFields(Task.class)) {
            // the stack and its depth: through the frames' values below (a bare depth change cannot be hashed)
            if (f.getType() == Frame[].class || f.getName().equals("depth")) continue;
            KernelState c = k.copy();
            KernelStateCopyTest.perturb(c.tasks[1], f);
            assertThat(packed(store, c)[2 + 1]).as("Task." + f.getName()).isNotEqualTo(base[2 + 1]);
            checked.add(f.getName());
        }
        int nt = k.tasks.length;
        for (Field f : KernelStateCopyTest.stateFields(ThreadGroup.class)) {
            KernelState c = k.copy();
            KernelStateCopyTest.perturb(c.groups[1], f);
            assertThat(packed(store, c)[2 + nt + 1]).as("ThreadGroup." + f.getName()).isNotEqualTo(base[2 + nt + 1]);
        }
        int ng = k.groups.length;
        for (Field f : KernelStateCopyTest.stateFields(Mm.class)) {
            KernelState c = k.copy();
            KernelStateCopyTest.perturb(c.mms[0], f);
            assertThat(packed(store, c)[2 + nt + ng]).as("Mm." + f.getName()).isNotEqualTo(base[2 + nt + ng]);
        }
        // a frame local: same depth, same frame identity nowhere, one value changed
        int t = -1;
        for (int i = 0; i < nt && t < 0; i++) if (k.tasks[i].depth > 0) t = i;
        assertThat(t).as("a task with a frame").isGreaterThanOrEqualTo(0);
        KernelState c = k.copy();
        c.tasks[t].ownTop().pc += 1;
        assertThat(packed(store, c)[2 + t]).isNotEqualTo(base[2 + t]);
        KernelState d = k.copy();
        d.tasks[t].ownTop();
        assertThat(packed(store, d)[2 + t]).as("copied frames, equal values").isEqualTo(base[2 + t]);
        assertThat(checked).contains("flags", "nextOp", "rets");
    }

    private static int[] packed(PackedStates store, KernelState k) {
        int[] out = new int[PackedStates.length(k)];
        store.pack(k, null, 0, out);
        return out;
    }
}
