package org.reaplab.web.guard;

import jakarta.servlet.http.HttpServletRequest;

/** Who a request is from, for per-client limits: its remote address. */
public final class Clients {
    private Clients() {}

    public static String of(HttpServletRequest request) {
        String a = request.getRemoteAddr();
        return a == null ? "unknown" : a;
    }
}
