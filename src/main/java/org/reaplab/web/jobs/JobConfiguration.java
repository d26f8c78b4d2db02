package org.reaplab.web.jobs;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job queue, declared once: every long computation of the app is submitted to this bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobProperties.class)
class JobConfiguration {

    @Bean(destroyMethod = "stop")
    JobService jobService(JobProperties properties) {
        return new JobService(properties);
    }
}
