package org.reaplab.web.verdicts;

import org.reaplab.web.jobs.WorkStatus;
import org.reaplab.exploration.VerdictMatrix;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The matrix fragment rendered once: the library's matrix never changes after it is computed, and
 * rendering its 192 cells takes a few hundred milliseconds, so every later request gets the same HTML.
 */
@Component
class MatrixHtml {
    private final ITemplateEngine templates;
    private final boolean cache;
    private MatrixView rendered;
    private String html;

    /** @param cache false (as in DevServer, which reads templates from the source tree): render every time */
    MatrixHtml(ITemplateEngine templates, @Value("${spring.thymeleaf.cache:true}") boolean cache) {
        this.templates = templates;
        this.cache = cache;
    }

    synchronized String of(MatrixView matrix, WorkStatus<VerdictMatrix> status) {
        if (matrix != rendered || !cache) {
            Context ctx = new Context(Locale.ROOT, Map.of("matrix", matrix, "status", status, "fig", Figures.INSTANCE));
            html = templates.process(VerdictsController.MATRIX, Set.of("matrix"), ctx);
            rendered = matrix;
        }
        return html;
    }
}
