package org.reaplab.web.viewer;

import org.reaplab.kernel.Change;
import org.reaplab.simulation.KernelView;
import org.reaplab.simulation.RunFacts;
import org.reaplab.simulation.StepEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inspector for one step: the kernel state after it, and what the step changed, so the template
 * can mark a changed cell and show its old value.
 */
public record Inspector(int step, KernelView view, Map<String, String> was) {

    static Inspector of(RunView v, int step) {
        List<StepEvent> events = v.run().events();
        int n = Math.max(0, Math.min(step, events.size()));
        Map<String, String> was = new HashMap<>();
        if (n > 0) {
            for (Change c : events.get(n - 1).changes()) was.putIfAbsent(c.subject() + "|" + c.field(), c.from().isEmpty() ? "∅" : c.from());
            // an mm's resident pages as the run's facts count them (the change log has one line per kind of VMA)
            RunFacts.StepFacts facts = v.run().facts().at(n);
            for (RunFacts.CounterChange m : facts == null ? List.<RunFacts.CounterChange>of() : facts.mms()) {
                if (m.changed(RunFacts.MmCounter.RESIDENT)) {
                    was.put(m.mm() + "|" + RunFacts.MmCounter.RESIDENT.id, Explanation.pages(m.before().resident()));
                }
            }
        }
        return new Inspector(n, v.run().viewAt(n), was);
    }

    /** The value {@code subject.field} had before this step, when the step changed it; else null. */
    public String was(String subject, String... fields) {
        if (subject == null) return null;
        for (String f : fields) {
            String w = was.get(subject + "|" + f);
            if (w != null) return w;
        }
        return null;
    }

    public boolean changed(String subject, String... fields) {
        return was(subject, fields) != null;
    }

    public String pages(long p) {
        return Explanation.pages(p);
    }
}
