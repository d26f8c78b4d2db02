package org.reaplab.web.designs;

import jakarta.servlet.http.HttpServletRequest;
import org.reaplab.web.jobs.WorkStatus;
import org.reaplab.designspace.SearchResult;
import org.reaplab.web.Htmx;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /designs}: the design-space search of the library. While it computes, the page shows its
 * progress and asks again every second (htmx); then the sentence, the ranked designs and the scenarios.
 */
@Controller
class DesignsController {
    static final String PAGE = "designs/designs";

    private final DesignSearches searches;
    private volatile DesignsView view;

    DesignsController(DesignSearches searches) {
        this.searches = searches;
    }

    @GetMapping("/designs")
    String designs(Model model, HttpServletRequest request) {
        boolean fragment = Htmx.fragment(request);
        WorkStatus<SearchResult> status = searches.status(!fragment);
        model.addAttribute("status", status);
        model.addAttribute("space", searches.space());
        if (status.ready()) {
            DesignsView v = view;
            if (v == null || v.result() != status.result()) view = v = DesignsView.of(status.result());
            model.addAttribute("view", v);
        }
        return fragment ? PAGE + " :: search" : PAGE;
    }
}
