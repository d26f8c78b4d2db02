package org.reaplab.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.web.jobs.JobRefused;
import org.reaplab.design.Design;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.viewer.BadDesign;
import org.reaplab.web.viewer.BadViewRequest;
import org.reaplab.web.viewer.DesignPanel;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.viewer.ViewState;
import org.reaplab.web.viewer.ScenarioNotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of the pages: an unknown scenario is a 404, a parameter the viewer cannot honour a 400. A
 * full page for a browser, the message alone for htmx, always as text.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(basePackages = {"org.reaplab.web.viewer", "org.reaplab.web.gallery", "org.reaplab.web.compare", "org.reaplab.web.verdicts"})
class WebErrors {
    private static final Logger log = LoggerFactory.getLogger(WebErrors.class);

    @ExceptionHandler(ScenarioNotFound.class)
    ModelAndView notFound(ScenarioNotFound e, HttpServletRequest request, HttpServletResponse response) {
        return problem(HttpStatus.NOT_FOUND, "Scenario not found", e.getMessage(), request);
    }

    /**
     * A design in the URL that cannot be read or cannot mean anything: the scenario's page with the
     * message inline and the design panel (on the design as far as it reads) to fix it.
     */
    @ExceptionHandler(BadDesign.class)
    ModelAndView badDesign(BadDesign e, HttpServletRequest request) {
        if (Htmx.isHtmx(request)) return problem(HttpStatus.BAD_REQUEST, "Bad design", e.getMessage(), request);
        StoredScenario stored = e.stored();
        Design readable = e.readable();
        ViewDesign own = ViewDesign.of(stored, (String) null);
        Design shown = readable != null ? readable : own.design();
        String current = readable != null ? readable.canonical() : own.id();
        ModelAndView mv = new ModelAndView("viewer/design-problem");
        mv.setStatus(HttpStatus.BAD_REQUEST);
        mv.addObject("stored", stored);
        mv.addObject("message", e.getMessage());
        mv.addObject("knob", e.knob());
        mv.addObject("ownUrl", new ViewState(stored, own, null, 0, java.util.List.of()).url());
        mv.addObject("panel", DesignPanel.of(stored, current, shown, null, 0));
        mv.addObject("openPanel", true);
        return mv;
    }

    @ExceptionHandler(BadViewRequest.class)
    ModelAndView badRequest(BadViewRequest e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "This link cannot be shown", e.getMessage(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "This link cannot be shown",
                "parameter '" + e.getName() + "' must be " + (e.getRequiredType() == null ? "valid" : "a " + e.getRequiredType().getSimpleName().toLowerCase()), request);
    }

    /** An exploration the job queue cannot take now. */
    @ExceptionHandler(JobRefused.class)
    ModelAndView busy(JobRefused e, HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Retry-After", "5");
        return problem(e.perClient() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE,
                "Too many explorations", e.getMessage(), request);
    }

    /** A form too large for the container's multipart limit, or a multipart body that cannot be read. */
    @ExceptionHandler(MultipartException.class)
    ModelAndView multipart(MultipartException e, HttpServletRequest request) {
        if (e instanceof MaxUploadSizeExceededException) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "The file is too large",
                    "The upload is larger than the limit (reaplab.limits.body-size); scenarios are small text files.", request);
        }
        return problem(HttpStatus.BAD_REQUEST, "The form could not be read", "The form's body is not a readable multipart form.", request);
    }

    /** Anything else: a page that says so, and one line in the log (never the posted text or a stack). */
    @ExceptionHandler(RuntimeException.class)
    ModelAndView unexpected(RuntimeException e, HttpServletRequest request) {
        log.warn("page request {} failed: {}", Problems.safePath(request), Problems.oneLine(e));
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "The server failed to show this page (" + e.getClass().getSimpleName() + ").", request);
    }

    private static ModelAndView problem(HttpStatus status, String title, String message, HttpServletRequest request) {
        // the error page of the container's errors too (error.html: status, error, reason)
        ModelAndView mv = new ModelAndView(Htmx.isHtmx(request) ? "fragments/layout :: problem" : "error");
        mv.setStatus(status);
        mv.addObject("status", status.value());
        mv.addObject("error", title);
        mv.addObject("reason", message);
        return mv;
    }
}
