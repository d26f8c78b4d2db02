package org.reaplab.design;

import java.util.Arrays;
import java.util.List;

/**
 * One syscall-level choice the linux-mm thread argued, declared once in {@link Knobs}: its id, its
 * values (an enum of {@link Choice}s), the value of today's kernel ({@link #defaultValue()}), a
 * one-line doc and where in the thread or in kernel-model.md the choice comes from. The engine reads a
 * knob with {@code world.design.get(Knobs.X)} in the step where the choice acts.
 */
public final class Knob<V extends Enum<V> & Choice> {
    private final int index;
    private final String id;
    private final Class<V> type;
    private final V defaultValue;
    private final String doc;
    private final String source;

    Knob(int index, String id, Class<V> type, V defaultValue, String doc, String source) {
        this.index = index;
        this.id = id;
        this.type = type;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.source = source;
    }

    /** Position in {@link Knobs#all()}. */
    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public V defaultValue() {
        return defaultValue;
    }

    /** What the knob decides, one line. */
    public String doc() {
        return doc;
    }

    /** The message of the thread or the kernel-model.md section the choice comes from. */
    public String source() {
        return source;
    }

    public List<V> values() {
        return Arrays.asList(type.getEnumConstants());
    }

    public List<String> valueIds() {
        return values().stream().map(Choice::id).toList();
    }

    /** The value of that id, or null. */
    public V value(String id) {
        for (V v : type.getEnumConstants()) if (v.id().equals(id)) return v;
        return null;
    }

    V cast(Object o) {
        return type.cast(o);
    }

    @Override
    public String toString() {
        return id;
    }
}
