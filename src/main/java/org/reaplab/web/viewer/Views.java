package org.reaplab.web.viewer;

import org.reaplab.design.DesignException;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.runs.Runs;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the viewer's URL parameters into a {@link ViewState}, or says which parameter is wrong; and a view's run,
 * from the app's {@link Runs} with the viewer's step limit ({@code reaplab.viewer.max-steps}).
 */
@Component
public class Views {
    public static final int MAX_COMPARED = 4;

    private final ScenarioStore store;
    private final Runs runs;
    private final int maxSteps;

    public Views(ScenarioStore store, Runs runs, ViewerProperties properties) {
        this.store = store;
        this.runs = runs;
        this.maxSteps = properties.maxSteps();
    }

    public int maxSteps() {
        return maxSteps;
    }

    /** What the run of a view is asked for: the view's design and schedule, at most {@link #maxSteps()} steps. */
    public Runs.Spec spec(ViewState view) {
        return new Runs.Spec(view.stored(), view.variant().design(), view.scheduleSpec(), maxSteps);
    }

    /** The view's run, computed now if need be. */
    public RunView run(ViewState view) {
        return new RunView(runs.get(spec(view)));
    }

    /** The view's run if it is computed already. */
    public Optional<RunView> peek(ViewState view) {
        return runs.peek(spec(view)).map(RunView::new);
    }

    public StoredScenario scenario(String id) {
        return store.find(id).orElseThrow(() -> new ScenarioNotFound(id));
    }

    /** @throws BadDesign when {@code variant} or a compared design cannot be read or cannot mean anything */
    public ViewState resolve(String id, String variant, String schedule, Integer step, String compare) {
        StoredScenario stored = scenario(id);
        ViewDesign v = design(stored, variant, "variant");
        List<ViewDesign> others = new ArrayList<>();
        if (compare != null) {
            for (String c : designList(compare)) {
                ViewDesign o = design(stored, c, "compare");
                if (!o.equals(v) && !others.contains(o)) others.add(o);
            }
            if (others.size() + 1 > MAX_COMPARED) throw new BadViewRequest("compare at most " + MAX_COMPARED + " designs at once");
        }
        return new ViewState(stored, v, ScheduleParam.parse(schedule), step == null ? 0 : Math.max(0, step), List.copyOf(others));
    }

    /** The design a parameter names in this scenario, or a {@link BadDesign} naming the parameter and the knob. */
    public static ViewDesign design(StoredScenario stored, String text, String parameter) {
        try {
            return ViewDesign.of(stored, text);
        } catch (DesignException e) {
            throw new BadDesign(stored, parameter, text, e);
        }
    }

    /**
     * A comma-separated list of designs: {@code baseline,reap_kill_v2+multiprocess=through}. A design
     * string may itself use commas between its knobs, so an item that is only {@code knob=value} belongs
     * to the design before it.
     */
    public static List<String> designList(String list) {
        List<String> out = new ArrayList<>();
        for (String c : list.split(",")) {
            String item = c.strip();
            if (item.isEmpty()) continue;
            boolean knobOnly = item.contains("=") && item.indexOf('=') < firstSeparator(item);
            if (knobOnly && !out.isEmpty()) out.set(out.size() - 1, out.get(out.size() - 1) + "+" + item);
            else out.add(item);
        }
        return out;
    }

    private static int firstSeparator(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '+' || s.charAt(i) == ' ') return i;
        return s.length();
    }
}
