package org.reaplab.web.viewer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Where a step's kernel function is defined: a public cross-referencing source browser at the kernel
 * version the model follows (a link only; no source is copied into the project). The base URL is set
 * once, {@code reaplab.viewer.kernel-source} ({@link ViewerProperties}); the function name is appended.
 */
@Component
public class KernelSource {
    /** Step labels for code that was never merged (docs/model.md): there is nothing to link to. */
    static final Set<String> NOT_IN_MAINLINE = Set.of("may_kill_all_shared_mm", "kill_all_shared_mm", "revalidate_shared_mm");

    private final String base;

    @Autowired
    KernelSource(ViewerProperties properties) {
        this(properties.kernelSource());
    }

    public KernelSource(String base) {
        this.base = base;
    }

    /** The base URL the browser appends a function name to. */
    public String base() {
        return base;
    }

    /** The definition of {@code function}, or null for a label that names no mainline function. */
    public String url(String function) {
        if (function == null || function.isBlank() || NOT_IN_MAINLINE.contains(function)) return null;
        return base + UriUtils.encodePathSegment(function, StandardCharsets.UTF_8);
    }

    /** The labels the browser must not link, for the timeline's caption. */
    public String notLinked() {
        return String.join(",", NOT_IN_MAINLINE.stream().sorted().toList());
    }
}
