package org.reaplab.design;

import java.util.Arrays;
import java.util.List;

/**
 * What the engine asked a {@link Design#recording() recording design}: per knob, the values that would
 * have given every answer it got. {@link Design#get} narrows a knob to its value; {@link Design#is} to
 * the values on the same side of the question ("is permission forced?" no: best_effort or precheck);
 * {@link Design#peek} (wording a message) not at all. The engine is deterministic and what it does
 * depends only on those answers, so a design whose every knob lies in its set explores the same way
 * ({@link #admits}). One run at a time writes it, as one exploration thread asks its design.
 */
public final class Reads {
    /** Per knob index, bit i: the knob's value of ordinal i is still admitted. */
    private final int[] admitted;

    Reads() {
        admitted = new int[Knobs.all().size()];
        Arrays.fill(admitted, -1);
    }

    private Reads(int[] admitted) {
        this.admitted = admitted;
    }

    void only(Knob<?> knob, Enum<?> value) {
        admitted[knob.index()] &= 1 << value.ordinal();
    }

    void not(Knob<?> knob, Enum<?> value) {
        admitted[knob.index()] &= ~(1 << value.ordinal());
    }

    void all(Design d) {
        for (Knob<?> k : Knobs.all()) only(k, (Enum<?>) d.value(k));
    }

    /** A copy that later reads do not change. */
    public Reads snapshot() {
        return new Reads(admitted.clone());
    }

    /** Every knob of the design has a value this run would have answered the same way. */
    public boolean admits(Design d) {
        for (Knob<?> k : Knobs.all()) if (!admits(k, d)) return false;
        return true;
    }

    /** The design's value of this knob would have answered the same way. */
    public boolean admits(Knob<?> knob, Design d) {
        return (admitted[knob.index()] & (1 << ((Enum<?>) d.value(knob)).ordinal())) != 0;
    }

    /** Whether the run asked anything about the knob (some value would have answered differently). */
    public boolean asked(Knob<?> knob) {
        int all = (1 << knob.values().size()) - 1;
        return (admitted[knob.index()] & all) != all;
    }

    /** The knobs asked about, in declaration order. */
    public List<Knob<?>> asked() {
        return Knobs.all().stream().filter(this::asked).toList();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Knob<?> k : asked()) {
            if (!b.isEmpty()) b.append(' ');
            b.append(k.id()).append('=');
            StringBuilder vs = new StringBuilder();
            for (Choice c : k.values()) {
                if ((admitted[k.index()] & (1 << ((Enum<?>) c).ordinal())) == 0) continue;
                if (!vs.isEmpty()) vs.append('|');
                vs.append(c.id());
            }
            b.append(vs);
        }
        return b.toString();
    }
}
