package org.reaplab.web.jobs;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.EnumSet;
import java.util.concurrent.ThreadFactory;

/** The job queue, declared once: every long computation of the app is submitted to this bean. */
@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    @Bean
    PagesFirst pagesFirst() {
        return new PagesFirst();
    }

    /** Counts requests on every path, before anything else runs. */
    @Bean
    FilterRegistrationBean<PagesFirst> pagesFirstFilter(PagesFirst pagesFirst) {
        FilterRegistrationBean<PagesFirst> reg = new FilterRegistrationBean<>(pagesFirst);
        reg.setName("pagesFirst");
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE);
        reg.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        reg.addUrlPatterns("/*");
        return reg;
    }

    @Bean(destroyMethod = "stop")
    JobService jobService(JobProperties properties, PagesFirst pagesFirst, @Qualifier("jobThreads") ThreadFactory threads) {
        return new JobService(properties, pagesFirst, threads);
    }
}
