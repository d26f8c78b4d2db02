package org.reaplab.web.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    OpenAPI reaplabOpenApi() {
        return new OpenAPI().info(new Info()
                .title("ReapLab API")
                .version("1")
                .description("Upload, share and run process_mrelease race scenarios (docs/scenario-format.md). "
                        + "Every error is RFC 9457 problem details (application/problem+json)."));
    }
}
