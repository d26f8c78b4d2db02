package org.reaplab.web.viewer;

import org.reaplab.scenario.StepLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The viewer ({@code reaplab.viewer.*}).
 *
 * @param maxSteps     a run the viewer, the compare view and the gallery's verdicts show stops after this many steps
 * @param kernelSource a public cross-referencing source browser at the kernel version the model
 *                     follows; a step's kernel function name is appended to it
 * @param perfettoUrl  the Perfetto UI "Open in Perfetto" sends a run to
 */
@ConfigurationProperties("reaplab.viewer")
public record ViewerProperties(@DefaultValue("" + StepLimits.SHOWN) int maxSteps,
                               @DefaultValue("https://elixir.bootlin.com/linux/v6.18/A/ident/") String kernelSource,
                               @DefaultValue("https://ui.perfetto.dev") String perfettoUrl) {}
