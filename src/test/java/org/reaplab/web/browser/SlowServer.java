package org.reaplab.web.browser;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A slow server for the browser tests: every page, fragment and stream answers {@link #DEFAULT_DELAY_MILLIS}
 * late (static files do not), as on a loaded machine; stepping faster than fragments arrive must stay
 * silent and consistent. A browser context asks for another delay with the {@link #DELAY_HEADER} header
 * on every request it sends (the benchmarks: 0), so browser tests that run at once each get their own.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SlowServer {
    static final long DEFAULT_DELAY_MILLIS = 300;
    static final String DELAY_HEADER = "X-Slow-Server-Delay-Millis";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> slowServerFilter() {
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getRequestURI();
                String asked = request.getHeader(DELAY_HEADER);
                long delay = asked == null ? DEFAULT_DELAY_MILLIS : Long.parseLong(asked);
                boolean asset = path.startsWith("/js/") || path.startsWith("/css/") || path.startsWith("/webjars/")
                        || path.startsWith("/favicon");
                if (delay > 0 && !asset) {
                    try {
                        Thread.sleep(delay); // latency, not polling: the request waits as on a slow server
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                chain.doFilter(request, response);
            }
        });
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }
}
