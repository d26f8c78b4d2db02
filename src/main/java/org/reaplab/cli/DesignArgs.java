package org.reaplab.cli;

import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import org.reaplab.design.Presets;
import org.reaplab.scenario.format.Problem;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioParser;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The design options every command takes: {@code --variant V} (a preset, a design the file declares,
 * or a canonical string such as {@code reap_kill_v2+multiprocess=through}), {@code --set KNOB=VALUE}
 * (repeatable, applied on top) and {@code --design FILE} (a design as YAML or JSON: a canonical string
 * or an object of knobs with an optional {@code preset}).
 */
public final class DesignArgs {
    public static final String USAGE = "[--variant V] [--set KNOB=VALUE]... [--design FILE]";

    private final String variant;
    private final List<String> sets;
    private final String designFile;
    private Design fromFile;

    private DesignArgs(String variant, List<String> sets, String designFile) {
        this.variant = variant;
        this.sets = sets;
        this.designFile = designFile;
    }

    /** The options to declare: {@code --variant} and {@code --design} exclude each other (and {@code extra}, e.g. --all-variants). */
    public static List<List<Option>> options(Option... extra) {
        List<Option> exclusive = new ArrayList<>(List.of(Option.valued("--variant", "V"), Option.valued("--design", "FILE")));
        exclusive.addAll(List.of(extra));
        return List.of(exclusive, List.of(Option.valued("--set", "KNOB=VALUE")));
    }

    /** The design options given to a command. */
    public static DesignArgs of(Args args) {
        return new DesignArgs(args.value("--variant"), args.values("--set"), args.value("--design"));
    }

    /** A design was asked for (otherwise the file's own {@code variant:} is used). */
    public boolean given() {
        return variant != null || !sets.isEmpty() || designFile != null;
    }

    public String variant() {
        return variant;
    }

    /**
     * Checks what does not depend on a scenario (the --design file, --variant with --design); prints the
     * located problems and returns false when the options are bad.
     */
    public boolean load(PrintStream err, String command) {
        if (designFile != null && variant != null) {
            err.println("reaplab " + command + ": --variant and --design exclude each other");
            return false;
        }
        if (designFile == null) return true;
        String text;
        try {
            text = Files.readString(Path.of(designFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(designFile + ": cannot read the design file (" + e.getMessage() + ")");
            return false;
        }
        ScenarioParser.DesignResult r = new ScenarioParser().parseDesign(text, designFile);
        if (r.design() == null) {
            for (Problem p : r.problems()) err.println(p);
            return false;
        }
        fromFile = r.design();
        return true;
    }

    /**
     * The design to run a scenario under, labelled with what was asked ("reap_kill_v2", a design of the
     * file, or the canonical string when --set or --design changed it). A {@link DesignException} names
     * the bad preset, knob or value, or the meaningless combination.
     */
    public Design resolve(Scenario s) {
        Design d = fromFile != null ? fromFile.named(fromFile.canonical()) : s.design(variant);
        if (!sets.isEmpty()) {
            for (String set : sets) {
                int eq = set.indexOf('=');
                if (eq <= 0) throw new DesignException(DesignException.Kind.SYNTAX, null, "--set " + set + ": expected KNOB=VALUE");
                d = d.with(set.substring(0, eq), set.substring(eq + 1));
            }
            d = d.named(d.canonical());
        }
        return d.checked();
    }

    /** --all-variants: every preset, then the file's own designs and any other design its expect block names. */
    public static List<String> allDesigns(Scenario s) {
        LinkedHashSet<String> names = new LinkedHashSet<>(Presets.ids());
        names.addAll(s.designs().keySet());
        if (s.expect() != null) names.addAll(s.expect().keySet());
        return List.copyOf(names);
    }
}
