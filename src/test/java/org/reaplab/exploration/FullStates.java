package org.reaplab.exploration;

import org.reaplab.design.Design;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.path.Kernels;
import org.reaplab.scenario.Scenario;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A breadth-first search that tells states apart by everything they hold, for the check that the
 * fast fingerprint ({@link KernelState#fingerprint()}) merges no two reachable states that differ.
 * A state's key is a 128-bit hash of every field of every object reachable from it in the kernel
 * package (tasks with their frames, thread groups with their pidfds, mms with their VMAs, the lists),
 * read by reflection, so a field added later is covered without being named here. Left out are only
 * the caches and bookkeeping listed in {@link #NOT_STATE}, a task's kernel stack above its depth (spare
 * room), and the shared, never-written objects a
 * state points into (the World, scenario operations), which are the same objects in every state of a
 * search and are told apart by identity. Test code: nothing in the engine depends on it.
 */
final class FullStates {
    /** Fields that are caches or bookkeeping of the fast fingerprint and of copying, not kernel state. */
    static final Set<String> NOT_STATE = Set.of(
            "KernelState.world", "KernelState.probe", "KernelState.parts", "KernelState.fingerprint", "KernelState.origin",
            "KernelState.changed", "KernelState.changedCount", "KernelState.changedFrom", "KernelState.sharesObjects",
            "Task.framesShared", "Frame.kind", "Frame.hashed", "Frame.hash");

    /**
     * History variables: observations of the run that neither a step nor an invariant reads, only the
     * outcome and the viewer (pages freed by reaping and by exit_mmap). The fingerprint leaves them out on
     * purpose, as SPIN's model of sharers-N does, so states that differ only there are one state. They are
     * left out of the key too, and the search checks that they are only written: from every state where one
     * is not zero, that state and the same state with them zeroed, both with their fired invariants
     * forgotten, have the same runnable threads, and each step reaches the same state apart from them with
     * the same invariants fired (during the step, and the three checked after it).
     */
    static final Set<String> HISTORY = Set.of("Mm.reclaimedByReap", "Mm.reclaimedByExit");

    /**
     * What the search found: the counts the explorer reports; the states the fast fingerprint merged and
     * the steps that read a {@link #HISTORY} field, described.
     */
    record Result(long states, long transitions, long terminals, Map<String, Integer> firstViolation,
                  Map<String, Long> classes, List<String> problems) {}

    private record Key(long a, long b) {}

    private static final Map<Class<?>, Slot[]> FIELDS = new ConcurrentHashMap<>();
    private static final sun.misc.Unsafe UNSAFE;

    static {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FullStates() {}

    /**
     * Every reachable state of the scenario under the design, told apart by full key; {@code merged}
     * describes (up to three) pairs of distinct states that share a fast fingerprint, field by field.
     */
    static Result explore(Scenario scenario, Design design) {
        // both passes start from the same state: fingerprints are comparable only within one World
        KernelState init = Kernels.boot(scenario, design);
        Set<Long> merged = new HashSet<>();
        Result r = search(init, merged, null);
        if (merged.isEmpty()) return r;
        List<String> explained = new ArrayList<>(r.problems());
        search(init, merged, explained);
        return new Result(r.states(), r.transitions(), r.terminals(), r.firstViolation(), r.classes(), explained);
    }

    /**
     * The search. Without {@code explained} it collects in {@code merged} (up to three) fast fingerprints
     * that two states with different keys share; with it, it describes how the states under those
     * fingerprints differ.
     */
    private static Result search(KernelState init, Set<Long> merged, List<String> explained) {
        Set<Key> seen = new HashSet<>();
        Map<Long, Key> byFingerprint = new HashMap<>();
        Map<Long, String> firstDump = new HashMap<>();
        Set<Long> pending = explained == null ? Set.of() : new HashSet<>(merged);
        Map<String, Integer> first = new TreeMap<>();
        Map<String, Long> classes = new TreeMap<>();
        Outcomes outcomes = new Outcomes();
        List<String> historyRead = new ArrayList<>();
        seen.add(key(init));
        byFingerprint.put(init.fingerprint(), key(init));
        List<KernelState> level = List.of(init);
        long states = 1, transitions = 0, terminals = 0;
        for (int depth = 0; !level.isEmpty(); depth++) {
            List<KernelState> next = new ArrayList<>();
            for (KernelState s : level) {
                boolean any = false;
                KernelState[] pair = explained == null && historyRead.size() < 3 ? withAndWithoutHistory(s) : null;
                for (int t = 0; s.panic == null && t < s.tasks.length; t++) {
                    boolean runnable = s.runnable(t);
                    if (pair != null && pair[1].runnable(t) != runnable) historyRead.add("whether " + s.tasks[t].name + " can run");
                    if (!runnable) continue;
                    any = true;
                    KernelState c = s.copy();
                    c.step(t, null);
                    transitions++;
                    Key k = key(c);
                    if (pair != null) {
                        // with no invariant fired yet, the state with its history is s itself: c is its step
                        Key with = pair[0] == null ? k : stepped(pair[0], t), without = stepped(pair[1], t);
                        if (!with.equals(without)) historyRead.add(s.tasks[t].name + "'s step " + s.nextLabel(t));
                    }
                    long fp = c.fingerprint(); // incremental, from s, as the explorer computes it
                    if (pending.contains(fp)) {
                        String dump = dump(c), was = firstDump.putIfAbsent(fp, dump);
                        if (was != null && !was.equals(dump)) {
                            explained.add(diff(was, dump));
                            pending.remove(fp);
                        }
                    }
                    if (!seen.add(k)) continue;
                    Key other = byFingerprint.putIfAbsent(fp, k);
                    if (explained == null && other != null && merged.size() < 3) merged.add(fp);
                    states++;
                    next.add(c);
                    for (int f : c.fired) first.putIfAbsent(Invariant.values()[f / 4096].id, depth + 1);
                }
                if (!any) {
                    terminals++;
                    classes.merge(outcomes.of(s).signature(), 1L, Long::sum);
                }
            }
            level = next;
        }
        List<String> problems = new ArrayList<>();
        for (String h : historyRead) problems.add(h + " (or an invariant checked with it) read " + HISTORY + ": it differs with them zeroed");
        return new Result(states, transitions, terminals, first, classes, problems);
    }

    /** The key of a copy of {@code s} after thread {@code t}'s step. */
    private static Key stepped(KernelState s, int t) {
        KernelState c = s.copy();
        c.step(t, null);
        return key(c);
    }

    /**
     * Two copies of {@code s} that have forgotten which invariants fired (so every invariant that holds
     * after a step fires again), the second with every {@link #HISTORY} field zeroed; null when they are
     * all zero already. The first is null when no invariant has fired in {@code s}: {@code s} is that state.
     */
    private static KernelState[] withAndWithoutHistory(KernelState s) {
        boolean any = false;
        for (org.reaplab.kernel.Mm m : s.mms) any |= m.reclaimedByReap != 0 || m.reclaimedByExit != 0;
        if (!any) return null;
        KernelState without = s.copy(); // copies every mm
        without.fired = new int[0];
        KernelState with = null;
        if (s.fired.length > 0) {
            with = s.copy();
            with.fired = new int[0];
        }
        for (org.reaplab.kernel.Mm m : without.mms) {
            m.reclaimedByReap = 0;
            m.reclaimedByExit = 0;
        }
        return new KernelState[] {with, without};
    }

    private static String diff(String a, String b) {
        String[] x = a.split("\n"), y = b.split("\n");
        StringBuilder out = new StringBuilder("two states with one fingerprint differ in:");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "", q = i < y.length ? y[i] : "";
            if (!p.equals(q)) out.append("\n    ").append(p).append("  |  ").append(q);
        }
        return out.toString();
    }

    /** The 128-bit key of everything the state holds. */
    static Key key(KernelState s) {
        Sink h = new Sink();
        walk(s, null, h);
        return new Key(h.a, h.b);
    }

    /** Everything the state holds, one field a line (for the failure message). */
    static String dump(KernelState s) {
        Sink h = new Sink();
        h.text = new StringBuilder();
        walk(s, "state", h);
        return h.text.toString();
    }

    /** Walks {@code o}; {@code path} names it in a dump and is null when only the key is computed. */
    private static void walk(Object o, String path, Sink out) {
        if (o == null) {
            out.put(path, "null", 0);
            return;
        }
        Class<?> c = o.getClass();
        if (c == String.class) {
            String x = (String) o;
            out.put(path, x, x.length());
            for (int i = 0; i < x.length(); i++) out.put(null, null, x.charAt(i));
        } else if (o instanceof Enum<?> e) {
            out.put(path, e.name(), e.ordinal());
        } else if (o instanceof int[] a) {
            out.put(path, path == null ? null : Arrays.toString(a), a.length);
            for (int x : a) out.put(null, null, x);
        } else if (o instanceof long[] a) {
            out.put(path, path == null ? null : Arrays.toString(a), a.length);
            for (long x : a) out.put(null, null, x);
        } else if (o instanceof boolean[] a) {
            out.put(path, path == null ? null : Arrays.toString(a), a.length);
            for (boolean x : a) out.put(null, null, x ? 1 : 2);
        } else if (o instanceof Object[] a) {
            elements(a, a.length, path, out);
        } else if (c.getName().startsWith("org.reaplab.kernel.")) {
            out.put(path, path == null ? null : c.getSimpleName(), c.getName().hashCode());
            for (Slot f : fields(c)) {
                String p = path == null ? null : path + "." + f.name;
                switch (f.kind) {
                    case INT -> out.put(p, null, UNSAFE.getInt(o, f.offset));
                    case LONG -> out.put(p, null, UNSAFE.getLong(o, f.offset));
                    case BOOLEAN -> out.put(p, null, UNSAFE.getBoolean(o, f.offset) ? 1 : 2);
                    case STACK -> elements(((Task) o).stack, ((Task) o).depth, p, out);
                    case REFLECTED -> walkReflectively(o, f.field, p, out);
                    case OBJECT -> walk(UNSAFE.getObject(o, f.offset), p, out);
                }
            }
        } else {
            // shared and never written during a search (scenario operations, the design): the same object in every state
            int id = System.identityHashCode(o);
            out.put(path, path == null ? null : c.getSimpleName() + "@" + id, id);
        }
    }

    /** The first {@code n} elements (a task's kernel stack above its depth is spare room, not state). */
    private static void elements(Object[] a, int n, String path, Sink out) {
        out.put(path == null ? null : path + ".length", "", n);
        for (int i = 0; i < n; i++) walk(a[i], path == null ? null : path + "[" + i + "]", out);
    }

    /**
     * How a field is read: by its offset as its type (reflective reads were half of this check's time), a task's
     * kernel stack only up to its depth, and by reflection a record's fields (they have no offset) and the
     * primitive types the kernel objects do not use.
     */
    private enum Kind { INT, LONG, BOOLEAN, OBJECT, STACK, REFLECTED }

    /** A field found by reflection: {@code offset} for the kinds read by offset, {@code field} for REFLECTED. */
    private record Slot(String name, Kind kind, long offset, Field field) {}

    private static void walkReflectively(Object o, Field f, String p, Sink out) {
        try {
            Class<?> t = f.getType();
            if (t == boolean.class) out.put(p, null, f.getBoolean(o) ? 1 : 2);
            else if (t == float.class) out.put(p, null, Float.floatToRawIntBits(f.getFloat(o)));
            else if (t == double.class) out.put(p, null, Double.doubleToRawLongBits(f.getDouble(o)));
            else if (t == char.class) out.put(p, null, f.getChar(o));
            else if (t.isPrimitive()) out.put(p, null, ((Number) f.get(o)).longValue());
            else walk(f.get(o), p, out);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Slot[] fields(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Slot> out = new ArrayList<>();
            for (Class<?> x = k; x != null && x != Object.class; x = x.getSuperclass()) {
                for (Field f : x.getDeclaredFields()) {
                    String name = x.getSimpleName() + "." + f.getName();
                    if (Modifier.isStatic(f.getModifiers()) || NOT_STATE.contains(name) || HISTORY.contains(name)) continue;
                    Class<?> t = f.getType();
                    Kind kind = k.isRecord() ? Kind.REFLECTED : t == int.class ? Kind.INT : t == long.class ? Kind.LONG
                            : t == boolean.class ? Kind.BOOLEAN : t.isPrimitive() ? Kind.REFLECTED
                            : x == Task.class && f.getName().equals("stack") ? Kind.STACK : Kind.OBJECT;
                    if (kind == Kind.REFLECTED) f.setAccessible(true);
                    out.add(new Slot(f.getName(), kind, kind == Kind.REFLECTED ? -1 : UNSAFE.objectFieldOffset(f), f));
                }
            }
            return out.toArray(new Slot[0]);
        });
    }

    /** Two independent 64-bit hashes of the values walked (and, when asked, their text). */
    private static final class Sink {
        long a = 0x9E3779B97F4A7C15L, b = 0xC2B2AE3D27D4EB4FL;
        StringBuilder text;

        void put(String path, String shown, long x) {
            a = Long.rotateLeft(a ^ x * 0xBF58476D1CE4E5B9L, 27) * 0x94D049BB133111EBL + 0x632BE59BD9B4E019L;
            b = (b ^ (x + 0x7F4A7C15L)) * 0xFF51AFD7ED558CCDL;
            b ^= b >>> 29;
            if (text != null && path != null) text.append(path).append(" = ").append(shown == null ? Long.toString(x) : shown).append('\n');
        }
    }
}
