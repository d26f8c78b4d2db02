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
 * A slow server for the browser tests: every page, fragment and stream answers {@link #delayMillis}
 * late (static files do not), as on a loaded machine. The browser tests run with a delay of 300 ms
 * unless a test sets another; stepping faster than fragments arrive must stay silent and consistent.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SlowServer {
    /** Set by the tests (BrowserSupport: 300 ms; the benchmark: 0). */
    static volatile long delayMillis = 300;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> slowServerFilter() {
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getRequestURI();
                long delay = delayMillis;
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
