package org.reaplab.web.compare;

import org.reaplab.simulation.Outcome;
import org.reaplab.variant.Variant;
import org.reaplab.web.viewer.RunCache;
import org.reaplab.web.viewer.ViewState;
import org.reaplab.web.viewer.Views;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.List;

/**
 * Compare: {@code /scenarios/{id}?variant=a&compare=b,c&step=N}. The same scenario and schedule under
 * two or more variants, one timeline each with the cursors in step, and one outcome table
 * ({@code /scenarios/{id}/outcomes?variants=a,b,c}, a fragment of its own).
 */
@Controller
class CompareController {
    static final String VIEW = "compare/compare";

    /** One column of the comparison. */
    record Column(Variant variant, String streamUrl, String singleUrl, String withoutUrl) {}

    private final Views views;
    private final RunCache runs;

    CompareController(Views views, RunCache runs) {
        this.views = views;
        this.runs = runs;
    }

    @GetMapping(value = "/scenarios/{id}", params = "compare")
    String page(@PathVariable String id, @RequestParam(required = false) String variant,
                @RequestParam(required = false) String schedule, @RequestParam(required = false) Integer step,
                @RequestParam String compare, Model model) {
        ViewState view = views.resolve(id, variant, schedule, step, compare);
        if (view.compare().isEmpty()) return "redirect:" + view.singleUrl();
        List<Column> columns = new ArrayList<>();
        for (Variant v : view.variants()) {
            ViewState one = new ViewState(view.stored(), v, view.schedule(), view.step(), List.of());
            List<Variant> rest = new ArrayList<>(view.variants());
            rest.remove(v);
            ViewState without = new ViewState(view.stored(), rest.get(0), view.schedule(), view.step(), rest.subList(1, rest.size()));
            columns.add(new Column(v, one.streamUrl(), one.url(), rest.size() > 1 ? without.url() : without.singleUrl()));
        }
        List<Variant> addable = new ArrayList<>();
        List<String> addUrls = new ArrayList<>();
        if (view.variants().size() < Views.MAX_COMPARED) {
            for (Variant v : Variant.values()) {
                if (view.variants().contains(v)) continue;
                List<Variant> more = new ArrayList<>(view.compare());
                more.add(v);
                addable.add(v);
                addUrls.add(view.compareUrl(more));
            }
        }
        model.addAttribute("view", view);
        model.addAttribute("columns", columns);
        model.addAttribute("addable", addable);
        model.addAttribute("addUrls", addUrls);
        model.addAttribute("outcomesUrl", outcomesUrl(view));
        return VIEW;
    }

    @GetMapping("/scenarios/{id}/outcomes")
    String outcomes(@PathVariable String id, @RequestParam String variants,
                    @RequestParam(required = false) String schedule, Model model) {
        String[] ids = variants.split(",");
        ViewState view = views.resolve(id, ids[0], schedule, null, String.join(",", java.util.Arrays.copyOfRange(ids, 1, ids.length)));
        List<Outcome> outcomes = new ArrayList<>();
        List<ViewState> singles = new ArrayList<>();
        for (Variant v : view.variants()) {
            ViewState one = new ViewState(view.stored(), v, view.schedule(), 0, List.of());
            outcomes.add(runs.get(one).run().outcome());
            singles.add(one);
        }
        model.addAttribute("view", view);
        model.addAttribute("table", OutcomeTable.of(view.variants(), outcomes));
        model.addAttribute("singles", singles);
        return VIEW + " :: outcomes";
    }

    static String outcomesUrl(ViewState view) {
        String base = view.fragmentUrl("outcomes");
        // fragmentUrl carries variant/step/compare; the table takes the variants as one list
        StringBuilder b = new StringBuilder("/scenarios/").append(base.substring("/scenarios/".length(), base.indexOf('?')))
                .append("?variants=").append(String.join(",", view.variants().stream().map(v -> v.id).toList()));
        if (view.schedule() != null) b.append("&schedule=").append(org.springframework.web.util.UriUtils.encodeQueryParam(view.scheduleParam(), java.nio.charset.StandardCharsets.UTF_8));
        return b.toString();
    }
}
