package org.reaplab.web.guard;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.reaplab.web.Limits;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

import java.util.EnumSet;
import java.util.Map;

/**
 * The filters every request passes, in this order: security headers, per-client rate limits,
 * the same-origin check of state-changing requests, and the body limits.
 */
@Configuration(proxyBeanMethods = false)
class GuardConfiguration {

    @Bean
    FilterRegistrationBean<SecurityHeaders> securityHeaders(GuardProperties guard) {
        return register(new SecurityHeaders(guard), "securityHeaders", Ordered.HIGHEST_PRECEDENCE,
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
    }

    @Bean
    FilterRegistrationBean<RateLimits> rateLimits(GuardProperties guard) {
        return register(new RateLimits(guard), "rateLimits", Ordered.HIGHEST_PRECEDENCE + 1, EnumSet.of(DispatcherType.REQUEST));
    }

    @Bean
    FilterRegistrationBean<SameOrigin> sameOrigin(GuardProperties guard) {
        return register(new SameOrigin(guard), "sameOrigin", Ordered.HIGHEST_PRECEDENCE + 2, EnumSet.of(DispatcherType.REQUEST));
    }

    @Bean
    FilterRegistrationBean<BodyLimits> bodyLimits(Limits limits) {
        return register(new BodyLimits(limits.bodySize().toBytes()), "bodyLimits", Ordered.HIGHEST_PRECEDENCE + 3,
                EnumSet.of(DispatcherType.REQUEST));
    }

    private static <F extends Filter> FilterRegistrationBean<F> register(F filter, String name, int order,
                                                                         EnumSet<DispatcherType> types) {
        FilterRegistrationBean<F> reg = new FilterRegistrationBean<>(filter);
        reg.setName(name);
        reg.setOrder(order);
        reg.setDispatcherTypes(types);
        reg.addUrlPatterns("/*");
        return reg;
    }

    /** The error page says why a filter refused a request ({@link Refusals#REASON}). */
    @Bean
    ErrorAttributes errorAttributes() {
        return new DefaultErrorAttributes() {
            @Override
            public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
                Map<String, Object> a = super.getErrorAttributes(request, options);
                Object reason = request.getAttribute(Refusals.REASON, RequestAttributes.SCOPE_REQUEST);
                if (reason != null) a.put("reason", reason);
                return a;
            }
        };
    }

    /**
     * An encoded slash in a path ({@code /api/scenarios/..%2f..}) reaches the app, which answers it
     * like any unknown id, instead of the container's own HTML error page.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashes() {
        return connector -> connector.setEncodedSolidusHandling("passthrough");
    }

    /**
     * What the container refuses before the app sees it (a header over the limit) is answered with problem
     * details: {@link ContainerProblems} takes the place of Tomcat's error report valve, the one Spring Boot
     * adds included, so it runs last (after Boot's customizer) and removes the others.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> containerProblems(ServerProperties server) {
        DataSize limit = server.getMaxHttpRequestHeaderSize();
        class Last implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
            @Override
            public void customize(ConfigurableTomcatWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    StandardHost host = (StandardHost) context.getParent();
                    for (Valve v : host.getPipeline().getValves()) {
                        if (v instanceof ErrorReportValve) host.getPipeline().removeValve(v);
                    }
                    host.setErrorReportValveClass(ContainerProblems.class.getName());
                    host.getPipeline().addValve(new ContainerProblems(limit));
                });
            }

            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }
        }
        return new Last();
    }
}
