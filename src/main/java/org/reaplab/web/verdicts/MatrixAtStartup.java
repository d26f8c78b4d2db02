package org.reaplab.web.verdicts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
    private final Explorations explorations;
    private final boolean enabled;

    MatrixAtStartup(Explorations explorations, Settings settings) {
        this.explorations = explorations;
        this.enabled = settings.computeAtStartup();
    }

    /** @param computeAtStartup start the library's matrix once the app is up (application.properties turns it on) */
    @ConfigurationProperties("reaplab.verdicts")
    record Settings(@DefaultValue("false") boolean computeAtStartup) {}

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (enabled) explorations.library();
    }
}
