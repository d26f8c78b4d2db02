package org.reaplab.web;

import jakarta.servlet.http.HttpServletRequest;

/** The htmx request headers the pages look at. */
public final class Htmx {
    public static final String REQUEST = "HX-Request";
    /** htmx asks for a whole page it had pushed to the history and no longer has in its cache. */
    public static final String HISTORY_RESTORE = "HX-History-Restore-Request";
    /** Response header: htmx loads this URL as a whole page. */
    public static final String REDIRECT = "HX-Redirect";

    private Htmx() {}

    public static boolean isHtmx(HttpServletRequest request) {
        return request.getHeader(REQUEST) != null;
    }

    /** htmx asks for the part of the page it swaps in (a history restore wants the whole page). */
    public static boolean fragment(HttpServletRequest request) {
        return isHtmx(request) && request.getHeader(HISTORY_RESTORE) == null;
    }
}
