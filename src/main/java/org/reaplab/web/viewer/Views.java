package org.reaplab.web.viewer;

import org.reaplab.simulation.Simulation;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Turns the viewer's URL parameters into a {@link ViewState}, or says which parameter is wrong. */
@Component
public class Views {
    public static final int MAX_COMPARED = 4;

    private final ScenarioStore store;

    public Views(ScenarioStore store) {
        this.store = store;
    }

    public StoredScenario scenario(String id) {
        return store.find(id).orElseThrow(() -> new ScenarioNotFound(id));
    }

    public ViewState resolve(String id, String variant, String schedule, Integer step, String compare) {
        StoredScenario stored = scenario(id);
        Variant v = variant == null || variant.isBlank() ? Simulation.defaultVariant(stored.scenario()) : variant(variant);
        List<Variant> others = new ArrayList<>();
        if (compare != null) {
            for (String c : compare.split(",")) {
                if (c.isBlank()) continue;
                Variant o = variant(c.strip());
                if (o != v && !others.contains(o)) others.add(o);
            }
            if (others.size() + 1 > MAX_COMPARED) throw new BadViewRequest("compare at most " + MAX_COMPARED + " variants at once");
        }
        return new ViewState(stored, v, ScheduleParam.parse(schedule), step == null ? 0 : Math.max(0, step), List.copyOf(others));
    }

    public static Variant variant(String id) {
        Variant v = Variant.byId(id);
        if (v == null) {
            throw new BadViewRequest("unknown variant '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
                    + "'; the variants are " + String.join(", ", Variant.ids()));
        }
        return v;
    }
}
