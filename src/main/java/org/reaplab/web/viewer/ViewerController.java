package org.reaplab.web.viewer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.export.PerfettoTrace;
import org.reaplab.simulation.MemoryFate;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.RunFacts;
import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import org.reaplab.design.Knobs;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.reaplab.web.Htmx;
import org.reaplab.web.Prose;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The viewer: {@code /scenarios/{id}?variant=&schedule=&step=}. The page is a shell the browser fills
 * from the run's event stream; each step-dependent piece (explanation, inspector, drive, outcome) is a
 * fragment with its own URL, and the page URL itself answers an htmx request with all of them.
 */
@Controller
class ViewerController {
    static final String VIEW = "viewer/viewer";

    private final Views views;
    private final RunStreamer streamer;
    private final KernelSource source;
    private final JsonMapper json;
    private final String perfetto;

    ViewerController(Views views, RunStreamer streamer, KernelSource source, JsonMapper json,
                     ViewerProperties properties) {
        this.views = views;
        this.streamer = streamer;
        this.source = source;
        this.json = json;
        this.perfetto = properties.perfettoUrl();
    }

    @ModelAttribute("source")
    KernelSource source() {
        return source;
    }

    @GetMapping("/scenarios/{id}")
    String page(@PathVariable String id, @RequestParam(required = false) String variant,
                @RequestParam(required = false) String schedule, @RequestParam(required = false) Integer step,
                @RequestParam(required = false) String event,
                @RequestHeader(value = Htmx.REQUEST, required = false) String hx, Model model) {
        ViewState view = views.resolve(id, variant, schedule, step, null);
        if (event != null && hx == null) return "redirect:" + atEvent(view, event).url();
        if (hx != null) {
            panels(model, view, views.run(view));
            return VIEW + " :: panels";
        }
        model.addAttribute("view", view);
        model.addAttribute("variants", ViewDesign.presets(view.stored()));
        model.addAttribute("panel", DesignPanel.of(view.stored(), view.variant().id(), view.variant().design(), view.schedule(), view.step()));
        model.addAttribute("descParas", Prose.paragraphs(view.stored().scenario().description()));
        Variant other = Variant.REAP_KILL_V2.id.equals(view.variant().id()) ? Variant.BASELINE : Variant.REAP_KILL_V2;
        model.addAttribute("compareWith", List.of(ViewDesign.of(view.stored(), other)));
        model.addAttribute("perfettoUrl", perfetto);
        model.addAttribute("traceFile", traceFile(view));
        views.peek(view).ifPresent(v -> panels(model, view, v));
        return VIEW;
    }

    @GetMapping("/scenarios/{id}/explain")
    String explain(@PathVariable String id, @RequestParam(required = false) String variant,
                   @RequestParam(required = false) String schedule, @RequestParam(required = false) Integer step, Model model) {
        return fragment("explain", id, variant, schedule, step, model,
                (view, v) -> model.addAttribute("explain", Explanation.of(v, view.step())));
    }

    @GetMapping("/scenarios/{id}/inspector")
    String inspector(@PathVariable String id, @RequestParam(required = false) String variant,
                     @RequestParam(required = false) String schedule, @RequestParam(required = false) Integer step, Model model) {
        return fragment("inspector", id, variant, schedule, step, model,
                (view, v) -> model.addAttribute("inspector", Inspector.of(v, view.step())));
    }

    @GetMapping("/scenarios/{id}/drive")
    String drive(@PathVariable String id, @RequestParam(required = false) String variant,
                 @RequestParam(required = false) String schedule, @RequestParam(required = false) Integer step, Model model) {
        return fragment("drive", id, variant, schedule, step, model, (view, v) -> model.addAttribute("drive", Drive.of(view, v)));
    }

    @GetMapping("/scenarios/{id}/outcome")
    String outcome(@PathVariable String id, @RequestParam(required = false) String variant,
                   @RequestParam(required = false) String schedule, @RequestParam(required = false) Integer step, Model model) {
        return fragment("outcome", id, variant, schedule, step, model, (view, v) -> {
            model.addAttribute("outcome", v.run().outcome());
            model.addAttribute("outcomeText", OutcomeText.of(v.run()));
            model.addAttribute("fates", MemoryFate.of(v.run()));
        });
    }

    /**
     * A panel of the viewer as fragment {@code name}: the view (its step within the run) and what {@code fill} adds
     * for the step asked for.
     */
    private String fragment(String name, String id, String variant, String schedule, Integer step, Model model,
                            BiConsumer<ViewState, RunView> fill) {
        ViewState view = views.resolve(id, variant, schedule, step, null);
        RunView v = views.run(view);
        model.addAttribute("view", clamp(view, v));
        fill.accept(view, v);
        return VIEW + " :: " + name;
    }

    /** The run as server-sent events: "meta", then "steps" batches whose id is the last step index, "progress", "done". */
    @GetMapping(value = "/scenarios/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void stream(@PathVariable String id, @RequestParam(required = false) String variant,
                @RequestParam(required = false) String schedule,
                @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                @RequestParam(required = false) Integer from, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        int after = Math.max(from == null ? 0 : from, parse(lastEventId));
        streamer.stream(request, response, () -> views.resolve(id, variant, schedule, null, null), after);
    }

    /** The whole timeline at once (what the stream sends), for tools and tests. */
    @GetMapping(value = "/scenarios/{id}/timeline.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> timeline(@PathVariable String id, @RequestParam(required = false) String variant,
                                 @RequestParam(required = false) String schedule) {
        ViewState view = views.resolve(id, variant, schedule, null, null);
        RunView v = views.run(view);
        Map<String, Object> out = new LinkedHashMap<>(v.timeline().meta());
        out.put("scenario", view.id());
        out.put("variant", view.variant().id());
        out.put("design", view.variant().design().canonical());
        out.put("knobs", view.variant().design().knobs());
        out.put("steps", Timeline.records(v.run()));
        out.put("windows", v.run().facts().windows());
        out.put("outcome", v.run().outcome());
        return out;
    }

    /**
     * The view at the first of {@code events} (event keys, latest first, as another variant's run named
     * them) that this run has; the step asked for if it has none of them.
     */
    ViewState atEvent(ViewState view, String events) {
        RunFacts facts = views.run(view).run().facts();
        for (String key : events.split(",")) {
            int at = facts.stepOf(key.strip());
            if (at >= 0) return view.withStep(at);
        }
        return view;
    }

    /** The run as a Chrome trace-event file for ui.perfetto.dev (what "Open in Perfetto" sends, and its download). */
    @GetMapping(value = "/scenarios/{id}/trace.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StreamingResponseBody> trace(@PathVariable String id, @RequestParam(required = false) String variant,
                                                @RequestParam(required = false) String schedule) {
        ViewState view = views.resolve(id, variant, schedule, null, null);
        Run run = views.run(view).run();
        StreamingResponseBody body = out -> {
            try (JsonGenerator g = json.createGenerator(out)) {
                PerfettoTrace.write(run, g);
            }
        };
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", ContentDisposition.attachment().filename(traceFile(view)).build().toString())
                .body(body);
    }

    static String traceFile(ViewState view) {
        return "reaplab-" + view.id() + "-" + fileSafe(view.variant().id()) + (view.schedule() == null ? "" : "-forked") + ".json";
    }

    /**
     * The design panel's forms: {@code preset=} (a preset) or {@code from=} (the design shown) with knob
     * values on top. Answers with the viewer URL of the design chosen (a redirect, or HX-Redirect for
     * htmx), so the address bar records the design; a design that cannot mean anything is shown there
     * with its problem inline.
     */
    @GetMapping("/scenarios/{id}/design")
    ResponseEntity<Void> design(@PathVariable String id, @RequestParam(required = false) String preset,
                                @RequestParam(required = false) String from, @RequestParam(required = false) String schedule,
                                @RequestParam(required = false) Integer step, @RequestParam Map<String, String> params,
                                @RequestHeader(value = Htmx.REQUEST, required = false) String hx) {
        StoredScenario stored = views.scenario(id);
        String base = preset != null && !preset.isBlank() ? preset : from;
        ViewDesign start;
        try {
            start = ViewDesign.of(stored, base);
        } catch (DesignException e) {
            // the design shown may itself be meaningless (the panel then offers to fix it): read it unchecked
            Design readable = readable(stored, base);
            if (readable == null) throw new BadDesign(stored, "from", base, e);
            start = new ViewDesign(readable.canonical(), "", readable);
        }
        Design d = start.design();
        if (preset == null || preset.isBlank()) {
            for (Map.Entry<String, String> p : params.entrySet()) {
                if (Knobs.byId(p.getKey()) == null) continue;
                try {
                    if (!d.get(p.getKey()).id().equals(p.getValue())) d = d.with(p.getKey(), p.getValue());
                } catch (DesignException e) {
                    throw new BadDesign(stored, p.getKey(), start.id() + "+" + p.getKey() + "=" + p.getValue(), e);
                }
            }
        }
        String variant = d.equals(start.design()) ? start.id() : d.canonical();
        String url = "/scenarios/" + org.springframework.web.util.UriUtils.encodePathSegment(stored.id(), java.nio.charset.StandardCharsets.UTF_8)
                + "?variant=" + ViewState.param(variant)
                + (schedule == null || schedule.isBlank() ? "" : "&schedule=" + org.springframework.web.util.UriUtils.encodeQueryParam(schedule, java.nio.charset.StandardCharsets.UTF_8))
                + "&step=" + (step == null ? 0 : Math.max(0, step));
        if (hx != null) return ResponseEntity.noContent().header("HX-Redirect", url).build();
        return ResponseEntity.status(303).location(java.net.URI.create(url)).build();
    }

    private static Design readable(StoredScenario stored, String text) {
        try {
            return text == null ? null : stored.scenario().design(text.strip());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String fileSafe(String design) {
        return design.replaceAll("[^A-Za-z0-9_.-]+", "_");
    }

    static void panels(Model model, ViewState view, RunView v) {
        ViewState clamped = clamp(view, v);
        model.addAttribute("view", clamped);
        model.addAttribute("explain", Explanation.of(v, clamped.step()));
        model.addAttribute("inspector", Inspector.of(v, clamped.step()));
        model.addAttribute("drive", Drive.of(clamped, v));
        model.addAttribute("outcome", v.run().outcome());
        model.addAttribute("outcomeText", OutcomeText.of(v.run()));
        model.addAttribute("fates", MemoryFate.of(v.run()));
    }

    static ViewState clamp(ViewState view, RunView v) {
        return view.step() > v.steps() ? view.withStep(v.steps()) : view;
    }

    private static int parse(String lastEventId) {
        if (lastEventId == null) return 0;
        try {
            return Math.max(0, Integer.parseInt(lastEventId.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
