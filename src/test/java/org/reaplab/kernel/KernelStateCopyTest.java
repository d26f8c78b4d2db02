package org.reaplab.kernel;

import org.reaplab.kernel.path.Kernels;
import org.junit.jupiter.api.Test;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer relies on copy(), fingerprint() and rewind() agreeing on every field: a field that the
 * equality or the hash forgets would merge distinct states or leave a rewound state different.
 */
class KernelStateCopyTest {
    /** Caches and sharing flags, not state. */
    static final Set<String> NOT_STATE = Set.of("framesShared", "hashed", "hash", "kind");
    /** Kept out of the fingerprint on purpose (derived from resident pages). */
    static final Set<String> NOT_FINGERPRINTED = Set.of("reclaimedByReap", "reclaimedByExit");

    static KernelState someState() {
        KernelState k = Kernels.boot(ScenarioLibrary.load().get(0).scenario(), Variant.BASELINE);
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t < k.tasks.length; t++) {
                if (k.runnable(t)) {
                    k.step(t, null);
                    break;
                }
            }
        }
        return k;
    }

    static List<Field> stateFields(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) || Modifier.isFinal(m) || NOT_STATE.contains(f.getName())) continue;
            f.setAccessible(true);
            out.add(f);
        }
        return out;
    }

    static void perturb(Object o, Field f) throws IllegalAccessException {
        Class<?> t = f.getType();
        if (t == int.class) f.setInt(o, f.getInt(o) + 7);
        else if (t == long.class) f.setLong(o, f.getLong(o) + 7);
        else if (t == boolean.class) f.setBoolean(o, !f.getBoolean(o));
        else if (t == int[].class) {
            int[] a = (int[]) f.get(o);
            int[] b = java.util.Arrays.copyOf(a, a.length + 1);
            b[a.length] = 99;
            f.set(o, b);
        } else if (t == long[].class) {
            long[] a = ((long[]) f.get(o)).clone();
            if (a.length == 0) a = new long[] {1};
            else a[0] += 7;
            f.set(o, a);
        } else if (t == Pidfd[].class) {
            Pidfd[] a = ((Pidfd[]) f.get(o)).clone();
            if (a.length == 0) a = new Pidfd[] {new Pidfd(Pidfd.Kind.REGULAR, 0, false)};
            else a[0] = new Pidfd(Pidfd.Kind.PROC_DIR, 12345, true);
            f.set(o, a);
        } else if (t == Frame[].class) {
            return; // the stack: covered through depth and frame identity
        } else {
            throw new AssertionError("unknown field type " + t + " of " + f);
        }
    }

    @Test
    void everyFieldOfTaskGroupAndMmCountsForEqualityAndFingerprint() throws Exception {
        KernelState k = someState();
        long fp = k.fingerprint();
        for (Field f : stateFields(Task.class)) {
            if (f.getType() == Frame[].class) continue; // the stack: compared through depth and frame identity
            KernelState c = k.copy();
            perturb(c.tasks[1], f);
            assertThat(c.tasks[1].sameAs(k.tasks[1])).as("Task." + f.getName()).isFalse();
            if (!f.getName().equals("depth")) assertThat(c.fingerprint()).as("Task." + f.getName()).isNotEqualTo(fp);
        }
        for (Field f : stateFields(ThreadGroup.class)) {
            KernelState c = k.copy();
            perturb(c.groups[1], f);
            assertThat(c.groups[1].sameAs(k.groups[1])).as("ThreadGroup." + f.getName()).isFalse();
            assertThat(c.fingerprint()).as("ThreadGroup." + f.getName()).isNotEqualTo(fp);
        }
        for (Field f : stateFields(Mm.class)) {
            KernelState c = k.copy();
            perturb(c.mms[0], f);
            assertThat(c.mms[0].sameAs(k.mms[0])).as("Mm." + f.getName()).isFalse();
            if (!NOT_FINGERPRINTED.contains(f.getName())) assertThat(c.fingerprint()).as("Mm." + f.getName()).isNotEqualTo(fp);
        }
    }

    @Test
    void kernelStateFieldsAreKnownToRewind() {
        List<String> names = stateFields(KernelState.class).stream().map(Field::getName).sorted().toList();
        // rewind() restores each of these; a new field must be added there (and to copy and fingerprint)
        assertThat(names).containsExactlyInAnyOrder("tasks", "groups", "mms", "processList", "oomReaperList",
                "oomReaperTask", "panic", "fired", "nextPid", "probe", "parts", "fingerprint", "origin", "changed",
                "changedCount", "changedFrom", "sharesObjects", "partsBase", "changedHash", "partsSum", "listsPart", "tracked",
                "looked", "lookedCount");
    }

    static boolean same(KernelState a, KernelState b) {
        if (a.tasks.length != b.tasks.length || a.groups.length != b.groups.length || a.mms.length != b.mms.length) return false;
        for (int i = 0; i < a.tasks.length; i++) if (!a.tasks[i].sameAs(b.tasks[i])) return false;
        for (int i = 0; i < a.groups.length; i++) if (!a.groups[i].sameAs(b.groups[i])) return false;
        for (int i = 0; i < a.mms.length; i++) if (!a.mms[i].sameAs(b.mms[i])) return false;
        return a.processList == b.processList && a.oomReaperList == b.oomReaperList && a.fired == b.fired
                && java.util.Objects.equals(a.panic, b.panic) && a.nextPid == b.nextPid && a.oomReaperTask == b.oomReaperTask;
    }

    /** Random walks over the library: trying any step on a copy and rewinding gives the state back exactly. */
    @Test
    void rewindUndoesAnyStep() {
        Random random = new Random(5);
        int checked = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                KernelState s = Kernels.boot(e.scenario(), v);
                for (int depth = 0; depth < 200; depth++) {
                    long fp = s.fingerprint();
                    List<Integer> runnable = new ArrayList<>();
                    for (int t = 0; t < s.tasks.length; t++) if (s.runnable(t)) runnable.add(t);
                    if (runnable.isEmpty()) break;
                    KernelState scratch = s.copy();
                    for (int t : runnable) {
                        KernelState fresh = s.copy();
                        fresh.step(t, null);
                        scratch.step(t, null);
                        if (random.nextBoolean()) assertThat(scratch.fingerprint()).isEqualTo(fresh.fingerprint());
                        scratch.rewind(s);
                        assertThat(same(scratch, s)).as(e.file() + " " + v.id + " step of " + s.tasks[t].name).isTrue();
                        assertThat(scratch.fingerprint()).isEqualTo(fp);
                        checked++;
                    }
                    s = s.copy();
                    s.step(runnable.get(random.nextInt(runnable.size())), null);
                }
            }
        }
        assertThat(checked).isGreaterThan(5000);
    }
}
