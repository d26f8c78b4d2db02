package org.reaplab.cli;

import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one argument parser of the command line: operands and the options a {@link Command} declares,
 * with a clear message (exit 2) for an unknown option, a missing or malformed value, options that
 * exclude each other, or a wrong number of operands.
 */
public final class Args {
    /** Bad arguments; the message says which and how. */
    public static final class BadArgs extends RuntimeException {
        public BadArgs(String message) {
            super(message);
        }
    }

    private final List<String> operands;
    private final Map<String, String> given; // option name -> value ("" for a flag)
    private final Map<String, List<String>> repeated; // option name -> every value, in order

    private Args(List<String> operands, Map<String, String> given, Map<String, List<String>> repeated) {
        this.operands = operands;
        this.given = given;
        this.repeated = repeated;
    }

    /** Parses {@code args} (the words after the command name) against the command's declarations. */
    public static Args parse(Command command, String[] args) {
        Map<String, Option> byName = new HashMap<>();
        for (List<Option> alternatives : command.options()) for (Option o : alternatives) byName.put(o.name(), o);
        List<String> operands = new ArrayList<>();
        Map<String, String> given = new HashMap<>();
        Map<String, List<String>> repeated = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                operands.add(a);
                continue;
            }
            Option o = byName.get(a);
            if (o == null) throw new BadArgs("unknown option " + a);
            String value = "";
            if (o.takesValue()) {
                if (++i >= args.length) throw new BadArgs(a + " needs a value (" + o.value() + ")");
                value = args[i];
            }
            given.put(a, value);
            repeated.computeIfAbsent(a, k -> new ArrayList<>()).add(value);
        }
        for (List<Option> alternatives : command.options()) {
            List<String> present = alternatives.stream().map(Option::name).filter(given::containsKey).toList();
            if (present.size() > 1) throw new BadArgs(String.join(" and ", present) + " exclude each other");
        }
        if (operands.isEmpty() && !command.operandsOptional()) throw new BadArgs(command.name() + " needs " + (command.manyOperands() ? "at least one " : "a ") + command.operands().replace("...", ""));
        if (!command.manyOperands() && operands.size() > 1) throw new BadArgs(command.name() + " takes one " + command.operands());
        return new Args(List.copyOf(operands), given, repeated);
    }

    public List<String> operands() {
        return operands;
    }

    public boolean flag(String name) {
        return given.containsKey(name);
    }

    /** Every value of a repeatable option ({@code --set a=b --set c=d}), in order; empty when absent. */
    public List<String> values(String name) {
        return List.copyOf(repeated.getOrDefault(name, List.of()));
    }

    /** The option's value (the last one given), or null when it was not given. */
    public String value(String name) {
        return given.get(name);
    }

    /** The variant named by the option, null when the option is absent. */
    public Variant variant(String name) {
        String id = value(name);
        if (id == null) return null;
        Variant v = Variant.byId(id);
        if (v == null) throw new BadArgs("unknown variant '" + id + "'; one of " + Variant.ids());
        return v;
    }

    /** A positive whole number, or {@code otherwise} when the option is absent. */
    public long positiveLong(String name, long otherwise) {
        String v = value(name);
        if (v == null) return otherwise;
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadArgs(name + " needs a positive whole number, got '" + v + "'");
    }

    /** A positive number, or {@code otherwise} when the option is absent. */
    public double positiveDouble(String name, double otherwise) {
        String v = value(name);
        if (v == null) return otherwise;
        try {
            double d = Double.parseDouble(v);
            if (d > 0 && !Double.isInfinite(d)) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadArgs(name + " needs a positive number, got '" + v + "'");
    }
}
