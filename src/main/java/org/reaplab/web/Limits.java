package org.reaplab.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Limits of the API and the pages ({@code reaplab.limits.*}); each one, when hit, is answered with a problem
 * that names it.
 *
 * @param bodySize       largest request body (413 above it)
 * @param maxSteps       largest {@code maxSteps} a run may ask for; a run that reaches its limit stops
 *                       there and its outcome says {@code truncated: true}
 * @param concurrentRuns runs computed at once; more are refused with 429 and Retry-After
 * @param retryAfter     what Retry-After says then
 * @param pageSize       largest page of a scenario listing
 * @param cachedSteps    steps of finished runs kept in memory for /events and /trace (others are recomputed)
 * @param problems       problems of one scenario reported at most (the rest are counted: "and N more")
 * @param excerptWidth   characters of a source line shown around a problem on the page
 */
@ConfigurationProperties("reaplab.limits")
public record Limits(@DefaultValue("256KB") DataSize bodySize,
                     @DefaultValue("200000") int maxSteps,
                     @DefaultValue("4") int concurrentRuns,
                     @DefaultValue("2s") Duration retryAfter,
                     @DefaultValue("100") int pageSize,
                     @DefaultValue("1000000") int cachedSteps,
                     @DefaultValue("50") int problems,
                     @DefaultValue("160") int excerptWidth) {}
