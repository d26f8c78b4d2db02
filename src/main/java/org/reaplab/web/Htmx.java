package org.reaplab.web;

import jakarta.servlet.http.HttpServletRequest;

/** The htmx request headers the pages look at. */
public final class Htmx {
    public static final String REQUEST = "HX-Request";

    private Htmx() {}

    public static boolean isHtmx(HttpServletRequest request) {
        return request.getHeader(REQUEST) != null;
    }
}
