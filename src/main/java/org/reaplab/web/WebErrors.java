package org.reaplab.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.web.viewer.BadViewRequest;
import org.reaplab.web.viewer.ScenarioNotFound;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of the pages: an unknown scenario is a 404, a parameter the viewer cannot honour a 400. A
 * full page for a browser, the message alone for htmx, always as text.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(basePackages = {"org.reaplab.web.viewer", "org.reaplab.web.gallery", "org.reaplab.web.compare"})
class WebErrors {

    @ExceptionHandler(ScenarioNotFound.class)
    ModelAndView notFound(ScenarioNotFound e, HttpServletRequest request, HttpServletResponse response) {
        return problem(HttpStatus.NOT_FOUND, "Scenario not found", e.getMessage(), request);
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

    private static ModelAndView problem(HttpStatus status, String title, String message, HttpServletRequest request) {
        ModelAndView mv = new ModelAndView(Htmx.isHtmx(request) ? "fragments/layout :: problem" : "problem");
        mv.setStatus(status);
        mv.addObject("status", status.value());
        mv.addObject("problemTitle", title);
        mv.addObject("message", message);
        return mv;
    }
}
