package org.reaplab.web.verdicts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The budgets of an on-demand exploration ({@code reaplab.explore.*}). The state budget is also bounded
 * by the heap: an exploration may store at most {@code heapShare} of the maximum heap, at about
 * {@code bytesPerState} bytes per distinct state, so one exploration can never take the server's memory.
 *
 * @param maxStates     distinct states at most
 * @param maxSeconds    seconds at most
 * @param heapShare     the share of the maximum heap one exploration may fill
 * @param bytesPerState what a stored state costs: an estimate, not measured per scenario
 */
@ConfigurationProperties("reaplab.explore")
public record ExploreProperties(@DefaultValue("2000000") long maxStates,
                                @DefaultValue("30") double maxSeconds,
                                @DefaultValue("0.25") double heapShare,
                                @DefaultValue("400") long bytesPerState) {

    /** The state budget: {@code maxStates}, or less when the heap share holds fewer states. */
    public long stateBudget() {
        long byHeap = (long) (Runtime.getRuntime().maxMemory() * heapShare / Math.max(1, bytesPerState));
        return Math.max(1000, Math.min(maxStates, byHeap));
    }
}
