package org.reaplab.web.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiLimits.class)
class ApiConfiguration {

    @Bean
    FilterRegistrationBean<BodySizeFilter> apiBodySizeFilter(ApiLimits limits, JsonMapper json) {
        FilterRegistrationBean<BodySizeFilter> reg = new FilterRegistrationBean<>(
                new BodySizeFilter(limits.bodySize().toBytes(), json));
        reg.addUrlPatterns("/api/*");
        reg.setName("apiBodySizeFilter");
        return reg;
    }

    @Bean
    OpenAPI reaplabOpenApi() {
        return new OpenAPI().info(new Info()
                .title("ReapLab API")
                .version("1")
                .description("Upload, share and run process_mrelease race scenarios (docs/scenario-format.md). "
                        + "Every error is RFC 9457 problem details (application/problem+json)."));
    }
}
