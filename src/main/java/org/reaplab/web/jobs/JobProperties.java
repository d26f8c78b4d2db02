package org.reaplab.web.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The job queue ({@code reaplab.jobs.*}): long work (explorations, the verdict matrix, searches) runs
 * here, never on a request thread.
 *
 * @param threads   jobs run at once; by default one core is left for the pages
 * @param queue     jobs waiting at most; a submission beyond it is refused (503, Retry-After)
 * @param perClient jobs one client may have waiting or running; beyond it 429
 * @param promoteAfter a job waiting this long goes before smaller ones (so large jobs are not starved)
 * @param answerWithin how long a GET that started or joined a job waits for its result before answering 202
 * @param finished  finished jobs kept (their results answer repeated requests at once)
 * @param yieldToPages how long a client's exploration waits, each time it checks (every few milliseconds), while
 *                  requests are being answered; 0: never (see {@link PagesFirst})
 */
@ConfigurationProperties("reaplab.jobs")
public record JobProperties(@DefaultValue("0") int threads,
                            @DefaultValue("64") int queue,
                            @DefaultValue("4") int perClient,
                            @DefaultValue("60s") Duration promoteAfter,
                            @DefaultValue("20s") Duration answerWithin,
                            @DefaultValue("256") int finished,
                            @DefaultValue("20ms") Duration yieldToPages) {

    /** {@code threads}, or all cores but one when it is 0. */
    public int workers() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }
}
