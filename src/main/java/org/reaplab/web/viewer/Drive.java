package org.reaplab.web.viewer;

import org.reaplab.simulation.KernelView;

import java.util.ArrayList;
import java.util.List;

/**
 * "Drive the race yourself": the threads that may run after {@code step} steps. Picking the one the
 * run recorded just steps forward; picking another forks the run: the recorded schedule up to here,
 * then the pick, then round robin. The fork's URL carries that schedule.
 */
public record Drive(int step, int steps, List<Choice> choices, boolean forked, String unforkedUrl, String schedule) {

    /** @param next the kernel function the thread would run next */
    public record Choice(String thread, String role, String next, boolean recorded, String url) {}

    static Drive of(ViewState view, RunView v) {
        int n = Math.max(0, Math.min(view.step(), v.steps()));
        List<String> runnable = v.run().runnableAt(n);
        List<String> schedule = v.run().outcome().schedule();
        String recorded = n < schedule.size() ? schedule.get(n) : null;
        KernelView state = v.run().viewAt(n);
        List<String> prefix = v.run().scheduleUpTo(n);
        List<Choice> choices = new ArrayList<>();
        for (String t : runnable) {
            String next = state.tasks().stream().filter(x -> x.name().equals(t)).map(KernelView.TaskView::next).findFirst().orElse(null);
            boolean rec = t.equals(recorded);
            String url = rec ? view.url(n + 1) : view.forkUrl(prefix, t);
            choices.add(new Choice(t, Explanation.role(v, t), next, rec, url));
        }
        return new Drive(n, v.steps(), choices, view.schedule() != null, view.unforkedUrl(), view.scheduleParam());
    }
}
