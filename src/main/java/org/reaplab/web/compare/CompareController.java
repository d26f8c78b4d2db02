package org.reaplab.web.compare;

import org.reaplab.simulation.Run;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.gallery.VariantVerdicts;
import org.reaplab.web.viewer.KernelSource;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.viewer.ViewState;
import org.reaplab.web.viewer.Views;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.List;

/**
 * Compare: {@code /scenarios/{id}?variant=a&compare=b,c&step=N}. The same scenario and schedule under
 * two or more designs (presets or design strings such as {@code reap_kill_v2+multiprocess=through}), one timeline each with the cursors in step, and one outcome table
 * ({@code /scenarios/{id}/outcomes?variants=a,b,c}, a fragment of its own).
 */
@Controller
class CompareController {
    static final String VIEW = "compare/compare";

    /** One column of the comparison. */
    record Column(ViewDesign variant, String streamUrl, String singleUrl, String withoutUrl) {}

    /** A library scenario in which the compared variants end differently, and how each ends. */
    record PartWays(String id, String title, String url, List<String> verdicts) {}

    static final int PART_WAYS_SHOWN = 6;

    private final Views views;
    private final ScenarioStore store;
    private final VariantVerdicts verdicts;

    private final KernelSource source;

    CompareController(Views views, ScenarioStore store, VariantVerdicts verdicts, KernelSource source) {
        this.views = views;
        this.store = store;
        this.verdicts = verdicts;
        this.source = source;
    }

    @ModelAttribute("source")
    KernelSource source() {
        return source;
    }

    @GetMapping(value = "/scenarios/{id}", params = "compare")
    String page(@PathVariable String id, @RequestParam(required = false) String variant,
                @RequestParam(required = false) String schedule, @RequestParam(required = false) Integer step,
                @RequestParam String compare, Model model) {
        ViewState view = views.resolve(id, variant, schedule, step, compare);
        if (view.compare().isEmpty()) return "redirect:" + view.singleUrl();
        List<Column> columns = new ArrayList<>();
        for (ViewDesign v : view.variants()) {
            ViewState one = new ViewState(view.stored(), v, view.schedule(), view.step(), List.of());
            List<ViewDesign> rest = new ArrayList<>(view.variants());
            rest.remove(v);
            ViewState without = new ViewState(view.stored(), rest.get(0), view.schedule(), view.step(), rest.subList(1, rest.size()));
            columns.add(new Column(v, one.streamUrl(), one.url(), rest.size() > 1 ? without.url() : without.singleUrl()));
        }
        List<ViewDesign> addable = new ArrayList<>();
        List<String> addUrls = new ArrayList<>();
        if (view.variants().size() < Views.MAX_COMPARED) {
            for (ViewDesign v : ViewDesign.presets(view.stored())) {
                if (view.variants().contains(v)) continue;
                List<ViewDesign> more = new ArrayList<>(view.compare());
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
        model.addAttribute("partWays", partWays(view));
        return VIEW;
    }

    /**
     * The library scenarios, other than this one, in which the compared variants end differently; none
     * when a design of one's own is compared (the gallery's verdicts are per preset).
     */
    List<PartWays> partWays(ViewState view) {
        List<PartWays> out = new ArrayList<>();
        for (ViewDesign v : view.variants()) if (v.variant() == null) return out;
        for (StoredScenario s : store.search(null, 0, 200)) {
            if (!s.library() || s.id().equals(view.id())) continue;
            List<VariantVerdicts.Group> groups = verdicts.of(s);
            List<String> each = new ArrayList<>();
            for (ViewDesign v : view.variants()) each.add(v.id() + ": " + VariantVerdicts.Group.verdictOf(groups, v.variant()));
            if (each.stream().map(x -> x.substring(x.indexOf(':'))).distinct().count() < 2) continue;
            List<ViewDesign> compared = view.compare().stream().map(c -> ViewDesign.of(s, c.variant())).toList();
            ViewState there = new ViewState(s, ViewDesign.of(s, view.variant().variant()), null, 0, compared);
            out.add(new PartWays(s.id(), s.scenario().title() == null ? s.id() : s.scenario().title(), there.url(), List.copyOf(each)));
            if (out.size() == PART_WAYS_SHOWN) break;
        }
        return out;
    }

    @GetMapping("/scenarios/{id}/outcomes")
    String outcomes(@PathVariable String id, @RequestParam String variants,
                    @RequestParam(required = false) String schedule, Model model) {
        List<String> ids = Views.designList(variants);
        if (ids.isEmpty()) ids = List.of("");
        ViewState view = views.resolve(id, ids.get(0), schedule, null, String.join(",", ids.subList(1, ids.size())));
        List<Run> runList = new ArrayList<>();
        List<ViewState> singles = new ArrayList<>();
        for (ViewDesign v : view.variants()) {
            ViewState one = new ViewState(view.stored(), v, view.schedule(), 0, List.of());
            runList.add(views.run(one).run());
            singles.add(one);
        }
        model.addAttribute("view", view);
        model.addAttribute("table", OutcomeTable.of(view.variants(), runList));
        model.addAttribute("singles", singles);
        return VIEW + " :: outcomes";
    }

    static String outcomesUrl(ViewState view) {
        String base = view.fragmentUrl("outcomes");
        // fragmentUrl carries variant/step/compare; the table takes the variants as one list
        StringBuilder b = new StringBuilder("/scenarios/").append(base.substring("/scenarios/".length(), base.indexOf('?')))
                .append("?variants=").append(ViewState.param(String.join(",", view.variants().stream().map(ViewDesign::id).toList())));
        if (view.schedule() != null) b.append("&schedule=").append(org.springframework.web.util.UriUtils.encodeQueryParam(view.scheduleParam(), java.nio.charset.StandardCharsets.UTF_8));
        return b.toString();
    }
}
