package org.reaplab.kernel;

import org.reaplab.design.Design;
import org.reaplab.design.Knobs;
import org.reaplab.scenario.LsmRule;
import org.reaplab.scenario.NamespaceSpec;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What does not change during a run: the scenario, the design (the knob values the kernel paths read),
 * the pid namespace tree, the LSM policy, fd names and the programs (with kill_and_reap already
 * expanded for the design's entry point). Shared by every copy of the kernel state.
 */
public final class World {
    public final Scenario scenario;
    public final Design design;
    /** The kernel paths the state starts by itself (kernel/path). */
    public final KernelPaths paths;
    public final String[] nsNames;
    public final int[] nsParent;
    public final List<LsmRule> lsm;
    public final List<String> fdNames;
    private final Map<String, Integer> fdIndex = new HashMap<>();
    /** Program per thread name, operations expanded for the design. */
    public final Map<String, Integer> programOf = new LinkedHashMap<>();
    public final List<Op[]> programs = new ArrayList<>();
    // the first frame of each operation of each program, and of the two paths a state starts by itself:
    // built once, read by KernelState.next, and copied by KernelState.step before it runs
    private final Frame[][] starts;
    private final Frame fatalSignalExit, sigbusFault;
    /** The mms an exec builds: nobody has them at the start. */
    public final java.util.Set<String> execMms = new java.util.HashSet<>();

    public World(Scenario scenario, Design design, KernelPaths paths) {
        this.scenario = scenario;
        this.design = design;
        this.paths = paths;
        List<String> names = new ArrayList<>(List.of(Scenario.ROOT_NAMESPACE));
        List<String> parents = new ArrayList<>();
        parents.add(null);
        for (NamespaceSpec ns : scenario.namespaces()) {
            names.add(ns.name());
            parents.add(ns.parent() == null ? Scenario.ROOT_NAMESPACE : ns.parent());
        }
        nsNames = names.toArray(new String[0]);
        nsParent = new int[nsNames.length];
        for (int i = 0; i < nsNames.length; i++) nsParent[i] = parents.get(i) == null ? -1 : names.indexOf(parents.get(i));
        lsm = scenario.lsm() == null ? List.of() : scenario.lsm();

        List<String> fds = new ArrayList<>();
        for (Map.Entry<String, List<Op>> e : scenario.programs().entrySet()) {
            List<Op> expanded = new ArrayList<>();
            for (Op op : e.getValue()) {
                if (op instanceof Op.KillAndReap kr) expanded.addAll(expandKillAndReap(design, kr));
                else expanded.add(op);
                if (op instanceof Op.Exec ex) execMms.add(ex.mm());
                String as = op instanceof Op.PidfdOpen o ? o.as()
                        : op instanceof Op.Open o ? o.as()
                        : op instanceof Op.SendPidfd o ? o.as() : null;
                if (as != null && !fds.contains(as)) fds.add(as);
            }
            programOf.put(e.getKey(), programs.size());
            programs.add(expanded.toArray(new Op[0]));
        }
        fdNames = List.copyOf(fds);
        for (int i = 0; i < fdNames.size(); i++) fdIndex.put(fdNames.get(i), i);
        starts = new Frame[programs.size()][];
        for (int p = 0; p < starts.length; p++) {
            Op[] ops = programs.get(p);
            starts[p] = new Frame[ops.length];
            for (int i = 0; i < ops.length; i++) starts[p][i] = paths.start(ops[i]);
        }
        fatalSignalExit = paths.exitOnFatalSignal();
        sigbusFault = paths.sigbusFault();
    }

    /** The first frame of operation {@code op} of a program: not to be run, {@link Frame#copy} it first. */
    Frame start(int program, int op) {
        return starts[program][op];
    }

    /** The exit a fatal signal forces: not to be run, {@link Frame#copy} it first. */
    Frame fatalSignalExit() {
        return fatalSignalExit;
    }

    /** The fault on a reaped address space: not to be run, {@link Frame#copy} it first. */
    Frame sigbusFault() {
        return sigbusFault;
    }

    /** What the LMKD action kill_and_reap runs, by the entry knob (scenario-format.md, kill_and_reap). */
    public static List<Op> expandKillAndReap(Design design, Op.KillAndReap op) {
        String fd = op.pidfd();
        return switch (design.get(Knobs.ENTRY)) {
            case KILL_THEN_MRELEASE -> List.of(new Op.PidfdSendSignal(fd, "SIGKILL",
                            design.get(Knobs.SIGNALLED) == Knobs.Signalled.SHARERS ? List.of("PIDFD_SIGNAL_MM_GROUP") : List.of()),
                    new Op.ProcessMrelease(fd, 0));
            case MRELEASE_FLAG -> List.of(new Op.ProcessMrelease(fd, Variant.PROCESS_MRELEASE_REAP_KILL));
            case OOM_KILL -> List.of(new Op.OomKill(fd));
        };
    }

    /** fd slot of a pidfd name, -1 if no program ever creates it. */
    public int fd(String name) {
        Integer i = fdIndex.get(name);
        return i == null ? -1 : i;
    }

    public int program(String thread) {
        Integer p = programOf.get(thread);
        return p == null ? -1 : p;
    }

    public int programLength(int program) {
        return program < 0 ? 0 : programs.get(program).length;
    }

    public int ns(String name) {
        for (int i = 0; i < nsNames.length; i++) if (nsNames[i].equals(name)) return i;
        return -1;
    }

    /** ns is {@code ancestor} or lies below it. */
    public boolean nsWithin(int ns, int ancestor) {
        for (int n = ns; n >= 0; n = nsParent[n]) if (n == ancestor) return true;
        return false;
    }
}
