package org.reaplab.web.viewer;

/** A URL parameter the viewer cannot honour (unknown variant, malformed schedule): answered with 400 and the message. */
public class BadViewRequest extends RuntimeException {
    public BadViewRequest(String message) {
        super(message);
    }
}
