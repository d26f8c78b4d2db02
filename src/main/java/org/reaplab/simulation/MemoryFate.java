package org.reaplab.simulation;

import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;

import java.util.ArrayList;
import java.util.List;

/**
 * Who freed an address space's memory and when, or that it stays pinned: what a reviewer asks of every
 * variant. Read from the run's outcome and its {@link RunEvent}s.
 *
 * @param mm        the address space
 * @param reapedBy  the thread whose reap pass completed on it (the caller, or the oom_reaper), or null
 * @param reapedAt  the step it completed at, 0 if none
 * @param reapPages pages the reaps freed or unmapped
 * @param exitBy    the thread in whose context exit_mmap ran, or null
 * @param exitAt    the step exit_mmap started at, 0 if none
 * @param exitPages pages exit_mmap freed or unmapped
 * @param resident  pages still mapped at the end
 */
public record MemoryFate(String mm, String reapedBy, int reapedAt, long reapPages, String exitBy, int exitAt,
                         long exitPages, long resident) {

    /** Memory stays mapped at the end: nobody freed it (a holder pins it). */
    public boolean pinned() {
        return resident > 0;
    }

    /** "reaped by lmkd at step 25; exit_mmap in ps at step 31" or "✗ 1,024 pages still resident". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (reapedBy != null) parts.add("reaped by " + reapedBy + " at step " + reapedAt + " (" + String.format("%,d", reapPages) + " pages)");
        if (exitBy != null) parts.add("exit_mmap in " + exitBy + " at step " + exitAt + " (" + String.format("%,d", exitPages) + " pages)");
        if (pinned()) parts.add("✗ " + String.format("%,d", resident) + " pages still resident");
        if (parts.isEmpty()) parts.add("nothing was mapped");
        return String.join("; ", parts);
    }

    /**
     * Who freed an mm, read from an end state (no step numbers): "reaped", "exit_mmap in ps", "pinned"
     * (pages still mapped, nobody freed them) or "nothing mapped". The explorer's outcome classes say this.
     */
    public static String atEnd(KernelState k, Mm m) {
        if (m.reaped) return m.exitMmapBy >= 0 ? "reaped, then exit_mmap in " + k.tasks[m.exitMmapBy].name : "reaped";
        if (m.exitMmapBy >= 0) return "exit_mmap in " + k.tasks[m.exitMmapBy].name;
        return m.resident() > 0 ? "pinned" : "nothing mapped";
    }

    /** The fate of every mm of a run, in the outcome's order. */
    public static List<MemoryFate> of(Run run) {
        List<MemoryFate> out = new ArrayList<>();
        for (Outcome.MmOutcome m : run.outcome().mms()) {
            RunEvent.Reaped reap = null;
            RunEvent.ExitMmap exit = null;
            for (RunFacts.StepFacts s : run.facts().steps()) {
                for (RunEvent e : s.events()) {
                    if (reap == null && e instanceof RunEvent.Reaped r && r.mm().equals(m.name())) reap = r;
                    if (exit == null && e instanceof RunEvent.ExitMmap x && x.mm().equals(m.name())) exit = x;
                }
            }
            out.add(new MemoryFate(m.name(), reap == null ? null : reap.thread(), reap == null ? 0 : reap.step(), m.reclaimedByReap(),
                    exit == null ? m.exitMmapBy() : exit.thread(), exit == null ? 0 : exit.step(), m.reclaimedByExit(), m.resident()));
        }
        return out;
    }
}
