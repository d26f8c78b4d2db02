package org.reaplab.web.verdicts;

import org.reaplab.web.jobs.WorkStatus;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.simulation.Simulation;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import jakarta.servlet.http.HttpServletRequest;
import org.reaplab.web.Htmx;
import org.reaplab.web.guard.Clients;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.viewer.ViewState;
import org.reaplab.web.viewer.Views;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;

/**
 * The verdict matrix ({@code /verdicts}) and one exploration ({@code /scenarios/{id}/explore?variant=}).
 * Each page answers an htmx request with its live part alone: the progress while the search runs
 * (which polls again every second), the matrix or the report once it is done.
 */
@Controller
class VerdictsController {
    static final String MATRIX = "verdicts/verdicts";
    static final String EXPLORE = "verdicts/explore";
    /** A page waits this long for a quick exploration before it shows progress instead. */
    static final Duration QUICK = Duration.ofMillis(300);

    private final Explorations explorations;
    private final Views views;
    private final MatrixHtml matrixHtml;

    VerdictsController(Explorations explorations, Views views, MatrixHtml matrixHtml) {
        this.explorations = explorations;
        this.views = views;
        this.matrixHtml = matrixHtml;
    }

    @ModelAttribute("fig")
    Figures figures() {
        return Figures.INSTANCE;
    }

    @GetMapping("/verdicts")
    String matrix(Model model, HttpServletRequest request) {
        boolean fragment = Htmx.fragment(request);
        WorkStatus<VerdictMatrix> status = explorations.library(!fragment);
        model.addAttribute("status", status);
        if (status.ready()) {
            model.addAttribute("matrixHtml", matrixHtml.of(explorations.libraryView(), status));
            return fragment ? MATRIX + " :: rendered" : MATRIX;
        }
        return fragment ? MATRIX + " :: matrix" : MATRIX;
    }

    @GetMapping("/scenarios/{id}/explore")
    String explore(@PathVariable String id, @RequestParam(required = false) String variant,
                   Model model, HttpServletRequest request) {
        StoredScenario stored = views.scenario(id);
        ViewDesign v = Views.design(stored, variant, "variant");
        Explorations.Exploration e = explorations.explore(stored, v, Clients.of(request));
        ExplorationReport report = e.await(QUICK);
        model.addAttribute("stored", stored);
        model.addAttribute("variant", v);
        model.addAttribute("variants", ViewDesign.presets(stored));
        model.addAttribute("exploreUrl", ViewState.exploreUrl(stored.id(), v));
        model.addAttribute("progress", e.progress());
        model.addAttribute("report", report == null ? null : ReportView.of(stored, v, report));
        return Htmx.fragment(request) ? EXPLORE + " :: report" : EXPLORE;
    }
}
