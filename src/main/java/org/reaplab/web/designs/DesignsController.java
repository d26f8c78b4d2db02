package org.reaplab.web.designs;

import org.reaplab.web.jobs.WorkStatus;
import org.reaplab.designspace.SearchResult;
import org.reaplab.web.Htmx;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

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
    String designs(@RequestHeader(value = Htmx.REQUEST, required = false) String hx,
                   @RequestHeader(value = Htmx.HISTORY_RESTORE, required = false) String restore, Model model) {
        boolean fragment = hx != null && restore == null;
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
