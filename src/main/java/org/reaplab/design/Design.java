package org.reaplab.design;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.reaplab.design.Knobs.*;

/**
 * A point of the design space: one value for every {@link Knobs knob}. Immutable; equal when every
 * knob is equal. Build one from a preset ({@link #preset(String)}), by overriding knobs
 * ({@link #with(Knob, Enum)}, {@link #with(String, String)}), from its canonical string
 * ({@link #parse(String)}) or from a map of knob ids ({@link #fromMap(Map)}).
 *
 * <h2>Canonical string</h2>
 * {@link #canonical()} names the closest preset (fewest knobs differing; ties go to the earlier preset)
 * and then every knob that differs from it, in declaration order: {@code reap_kill_v2},
 * {@code reap_kill_v2+multiprocess=through}. It is the same for equal designs, so it serves as a key in
 * URLs, caches and the command line. {@link #parse(String)} reads it back; it also accepts a space or a
 * comma instead of '+' (a '+' in a URL query arrives as a space) and knobs alone ({@code
 * multiprocess=refuse}, starting from the defaults, i.e. baseline).
 *
 * <h2>Label</h2>
 * A design may carry a {@link #label()}: the name it was asked for by (a preset id, a name declared in a
 * scenario file). The label is not part of equality; outcomes and expect blocks use it.
 *
 * <h2>Meaningful combinations</h2>
 * {@link #problems()} lists combinations that cannot mean anything (each naming its knobs);
 * {@link #matters(Knob)} says whether a knob can change anything given the others, and
 * {@link #normalized()} sets every knob that cannot matter to its default and merges values that are
 * equivalent in this combination, so the design space can be enumerated without duplicates.
 */
public final class Design {
    /** Every knob at its default: today's kernel (the baseline preset). */
    public static final Design DEFAULTS = new Design(defaults(), null);

    private final Object[] values;
    private final String label;
    /** Null, or what was asked of this design so far ({@link #recording()}); not part of equality. */
    private final Reads reads;

    private Design(Object[] values, String label) {
        this(values, label, null);
    }

    private Design(Object[] values, String label, Reads reads) {
        this.values = values;
        this.label = label;
        this.reads = reads;
    }

    /**
     * The same design, noting what is asked of it ({@link #reads()}). The design-space search runs an
     * exploration on a recording design: the engine's choices depend only on the answers it got, so a
     * design that would have given the same answers explores the same way, and its exploration is reused.
     */
    public Design recording() {
        return new Design(values, label, new Reads());
    }

    /** What was asked of this {@link #recording()} design so far (a snapshot); of any other, every knob. */
    public Reads reads() {
        if (reads != null) return reads.snapshot();
        Reads all = new Reads();
        all.all(this);
        return all;
    }

    /** The raw value of a knob, noting nothing (for {@link Reads}). */
    Object value(Knob<?> knob) {
        return values[knob.index()];
    }

    private static Object[] defaults() {
        List<Knob<?>> all = Knobs.all();
        Object[] v = new Object[all.size()];
        for (Knob<?> k : all) v[k.index()] = k.defaultValue();
        return v;
    }

    /** The value of a knob. */
    public <V extends Enum<V> & Choice> V get(Knob<V> knob) {
        V v = knob.cast(values[knob.index()]);
        if (reads != null) reads.only(knob, v);
        return v;
    }

    /**
     * Whether the knob has that value. Where the engine only needs this answer, asking it (rather than
     * {@link #get}) tells a recording design that every other value would have answered the same.
     */
    public <V extends Enum<V> & Choice> boolean is(Knob<V> knob, V value) {
        boolean is = values[knob.index()] == value;
        if (reads != null) {
            if (is) reads.only(knob, value);
            else reads.not(knob, value);
        }
        return is;
    }

    /**
     * The value of a knob, to word an explanation only (a step's message, the log's signal edges): a
     * recording design does not note it, because nothing a step does (state, returns, invariants) may
     * depend on it. Anything else reads with {@link #get} or {@link #is}.
     */
    public <V extends Enum<V> & Choice> V peek(Knob<V> knob) {
        return knob.cast(values[knob.index()]);
    }

    /** The value of a knob, by id. */
    public Choice get(String knobId) {
        Knob<?> k = Knobs.byId(knobId);
        if (k == null) return null;
        Object v = values[k.index()];
        if (reads != null) reads.only(k, (Enum<?>) v);
        return (Choice) v;
    }

    /** This design with one knob changed (the label is dropped). */
    public <V extends Enum<V> & Choice> Design with(Knob<V> knob, V value) {
        if (value == null) throw new IllegalArgumentException("no value for " + knob.id());
        Object[] v = values.clone();
        v[knob.index()] = value;
        return new Design(v, null);
    }

    /** This design with one knob changed, by ids; a {@link DesignException} names an unknown knob or value. */
    public Design with(String knobId, String valueId) {
        Knob<?> k = Knobs.byId(knobId);
        if (k == null) throw new DesignException(DesignException.Kind.UNKNOWN_KNOB, knobId, "unknown knob '" + knobId + "'; the knobs are " + String.join(", ", Knobs.ids()));
        return withValue(k, valueId);
    }

    private <V extends Enum<V> & Choice> Design withValue(Knob<V> k, String valueId) {
        V v = k.value(valueId);
        if (v == null) {
            throw new DesignException(DesignException.Kind.BAD_VALUE, k.id(), "'" + valueId + "' is not a value of knob " + k.id() + "; one of "
                    + String.join(", ", k.valueIds()));
        }
        return with(k, v);
    }

    /** The same design, asked for by that name. */
    public Design named(String name) {
        return new Design(values, name, reads);
    }

    /** The name this design was asked for by, or its canonical string. */
    public String label() {
        return label != null ? label : canonical();
    }

    /** The preset of that id; a {@link DesignException} (knob null) lists the presets. */
    public static Design preset(String id) {
        Preset p = Presets.byId(id);
        if (p == null) throw new DesignException(DesignException.Kind.UNKNOWN_PRESET, null, "unknown preset '" + id + "'; the presets are " + String.join(", ", Presets.ids()));
        return p.design().named(p.id());
    }

    /**
     * Reads a canonical string (or a preset id, or knobs alone from the defaults). Throws a
     * {@link DesignException} naming the unknown preset, knob or value; the result is not checked for
     * {@link #problems()} (call {@link #checked()}).
     */
    public static Design parse(String text) {
        if (text == null || text.isBlank()) throw new DesignException(DesignException.Kind.SYNTAX, null, "empty design; give a preset (" + String.join(", ", Presets.ids()) + ") or knob=value pairs");
        String[] parts = text.strip().split("[+ ,]+");
        int i = 0;
        Design d = DEFAULTS;
        if (!parts[0].contains("=")) {
            d = preset(parts[0]);
            i = 1;
        }
        for (; i < parts.length; i++) {
            String p = parts[i];
            int eq = p.indexOf('=');
            if (eq <= 0) throw new DesignException(DesignException.Kind.SYNTAX, null, "'" + p + "' in design '" + text + "' is not knob=value (a preset comes first)");
            d = d.with(p.substring(0, eq), p.substring(eq + 1));
        }
        return d;
    }

    /**
     * From a map of knob id to value id; the optional key {@code preset} names the base (default:
     * baseline). Unknown keys and values throw a {@link DesignException} naming them.
     */
    public static Design fromMap(Map<String, String> knobs) {
        Design d = DEFAULTS;
        String base = knobs.get("preset");
        if (base != null) d = preset(base);
        for (Map.Entry<String, String> e : knobs.entrySet()) {
            if (e.getKey().equals("preset")) continue;
            d = d.with(e.getKey(), e.getValue());
        }
        return d;
    }

    /** Every knob id to its value id, in declaration order. */
    public Map<String, String> knobs() {
        if (reads != null) reads.all(this);
        Map<String, String> out = new LinkedHashMap<>();
        for (Knob<?> k : Knobs.all()) out.put(k.id(), ((Choice) values[k.index()]).id());
        return out;
    }

    /** The knobs whose values differ from {@code base}'s, id to value id. */
    public Map<String, String> overridesFrom(Design base) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Knob<?> k : Knobs.all()) {
            if (values[k.index()] != base.values[k.index()]) out.put(k.id(), ((Choice) values[k.index()]).id());
        }
        return out;
    }

    /** The preset with the fewest knobs differing from this design (ties: the earlier preset). */
    public Preset closestPreset() {
        Preset best = null;
        int bestDiff = Integer.MAX_VALUE;
        for (Preset p : Presets.all()) {
            int diff = overridesFrom(p.design()).size();
            if (diff < bestDiff) {
                best = p;
                bestDiff = diff;
            }
        }
        return best;
    }

    /** The preset this design equals, or null. */
    public Preset preset() {
        return Presets.of(this);
    }

    /** The canonical string: the closest preset, then {@code +knob=value} for each knob that differs. */
    public String canonical() {
        Preset base = closestPreset();
        StringBuilder b = new StringBuilder(base.id());
        overridesFrom(base.design()).forEach((k, v) -> b.append('+').append(k).append('=').append(v));
        return b.toString();
    }

    /** Combinations that cannot mean anything; empty when the design is meaningful. */
    public List<DesignProblem> problems() {
        List<DesignProblem> out = new ArrayList<>();
        Entry entry = get(ENTRY);
        if (entry == Entry.OOM_KILL) {
            if (get(SIGNALLED) != Signalled.SHARERS) problem(out, "entry=oom_kill: the OOM killer always signals every process sharing the mm (signalled=sharers)", ENTRY, SIGNALLED);
            if (get(MM_PIN) != MmPin.OOM_MM) problem(out, "entry=oom_kill: the OOM killer pins the mm through signal->oom_mm (mm_pin=oom_mm)", ENTRY, MM_PIN);
            if (get(PERMISSION) != Permission.FORCED) problem(out, "entry=oom_kill: the OOM killer checks no permission (permission=forced)", ENTRY, PERMISSION);
            if (get(REAPER) != Reaper.OOM_REAPER) problem(out, "entry=oom_kill: only the oom_reaper kthread reaps an OOM victim (reaper=oom_reaper)", ENTRY, REAPER);
            return out;
        }
        if (get(MM_PIN) == MmPin.OOM_MM) problem(out, "mm_pin=oom_mm: signal->oom_mm is set by the OOM killer's mark_oom_victim at kill time; only entry=oom_kill takes it", MM_PIN, ENTRY);
        if (get(MM_PIN) == MmPin.BEFORE_KILL && entry != Entry.MRELEASE_FLAG) {
            problem(out, "mm_pin=before_kill: with entry=" + entry.id() + " the caller's kill runs before the kernel sees the pidfd, so nothing can pin the mm before it (entry=mrelease_flag)", MM_PIN, ENTRY);
        }
        if (entry == Entry.MRELEASE_FLAG && get(MM_PIN) == MmPin.FIND_AFTER_KILL) {
            if (get(SIGNALLED) == Signalled.SHARERS) problem(out, "signalled=sharers needs the mm to find the sharers, so it must be found and pinned before the kill (mm_pin=before_kill)", SIGNALLED, MM_PIN);
            if (get(MULTIPROCESS) == Multiprocess.REFUSE) problem(out, "multiprocess=refuse reads the mm's flags before the kill, so the mm must be found before it (mm_pin=before_kill)", MULTIPROCESS, MM_PIN);
        }
        if (get(KILL_ERRNO) == KillErrno.ANY_SIGNALLED && get(PERMISSION) == Permission.PRECHECK) {
            problem(out, "kill_errno=any_signalled reports a partial kill as success, but permission=precheck kills nobody when a check fails (use permission=best_effort)", KILL_ERRNO, PERMISSION);
        }
        return out;
    }

    private static void problem(List<DesignProblem> out, String message, Knob<?>... knobs) {
        out.add(new DesignProblem(Arrays.stream(knobs).map(Knob::id).toList(), message));
    }

    /** This design, or a {@link DesignException} naming the first knob of the first problem. */
    public Design checked() {
        List<DesignProblem> p = problems();
        if (!p.isEmpty()) {
            throw new DesignException(DesignException.Kind.MEANINGLESS, p.get(0).knobs().get(0), "design " + canonical() + " cannot mean anything: " + p.get(0).message());
        }
        return this;
    }

    /**
     * Whether the knob can change anything given the other knobs' values. The OOM killer's path reads
     * only {@code entry} (and requires the four knobs {@link #problems()} names for it); a userspace kill followed by process_mrelease(fd, 0) reads the kill policy only
     * for PIDFD_SIGNAL_MM_GROUP (signalled=sharers), and never the reap decision.
     */
    public boolean matters(Knob<?> knob) {
        Entry entry = get(ENTRY);
        if (knob == ENTRY) return true;
        if (entry == Entry.OOM_KILL) return knob == SIGNALLED || knob == MM_PIN || knob == PERMISSION || knob == REAPER;
        boolean sharers = get(SIGNALLED) == Signalled.SHARERS;
        boolean inKernelKill = entry == Entry.MRELEASE_FLAG || sharers;
        if (knob == SIGNALLED || knob == REAPER) return true;
        if (knob == PERMISSION || knob == PIDNS_CHECK || knob == IGNORED_SIGKILL || knob == KILL_ERRNO) return inKernelKill;
        if (knob == MM_PIN || knob == MULTIPROCESS || knob == REAP_DECISION || knob == PIDFD_THREAD) return entry == Entry.MRELEASE_FLAG;
        if (knob == REVALIDATION) return entry == Entry.MRELEASE_FLAG && get(REAP_DECISION) == ReapDecision.REVALIDATE;
        return true;
    }

    /**
     * The representative of this design's class: knobs that cannot matter set to their defaults, and,
     * with one target (signalled=victim), permission=precheck merged into best_effort and
     * kill_errno=any_signalled into own (a pre-check of one target is its check; one target signalled
     * or not is the whole answer). For enumerating the space without duplicates.
     */
    public Design normalized() {
        Design d = this;
        for (Knob<?> k : Knobs.all()) if (!matters(k)) d = d.reset(k);
        if (d.get(ENTRY) != Entry.OOM_KILL && d.get(SIGNALLED) == Signalled.VICTIM) {
            if (d.get(PERMISSION) == Permission.PRECHECK) d = d.with(PERMISSION, Permission.BEST_EFFORT);
            if (d.get(KILL_ERRNO) == KillErrno.ANY_SIGNALLED) d = d.with(KILL_ERRNO, KillErrno.OWN);
        }
        return d.equals(this) ? this : d;
    }

    private <V extends Enum<V> & Choice> Design reset(Knob<V> k) {
        return get(k) == k.defaultValue() ? this : with(k, k.defaultValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Design d && Arrays.equals(values, d.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** The canonical string. */
    @Override
    public String toString() {
        return canonical();
    }
}
