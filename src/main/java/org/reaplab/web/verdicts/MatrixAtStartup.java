package org.reaplab.web.verdicts;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the library's verdict matrix in the background once the application is up, so the first
 * visitor of /verdicts sees it at once instead of waiting for 192 explorations
 * ({@code reaplab.verdicts.compute-at-startup}, on by default; the tests turn it off).
 */
@Component
class MatrixAtStartup {
    private final Verdicts verdicts;
    private final boolean enabled;

    MatrixAtStartup(Verdicts verdicts, @Value("${reaplab.verdicts.compute-at-startup:false}") boolean enabled) {
        this.verdicts = verdicts;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (enabled) verdicts.library();
    }
}
