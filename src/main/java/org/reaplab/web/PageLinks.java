package org.reaplab.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Links on the pages are written as they are. Spring Boot turns on the resource chain because the WebJars
 * locator is on the class path, and with it a filter that looks every {@code @{...}} link of a template up
 * among the static resources (four class-path lookups inside the jar per link), to rewrite it to a versioned
 * URL. No link of ours points at a static resource, so that was pure cost: half the CPU of {@code GET /}
 * (24 card links) on a profile. Registering the filter disabled keeps Boot from adding it; the WebJars
 * resolver that serves {@code /webjars/...} without versions stays.
 */
@Configuration(proxyBeanMethods = false)
class PageLinks {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> off = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        off.setEnabled(false);
        return off;
    }
}
