package org.opentask.app.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Where a person who types the bare address lands: {@code /} on the console, {@code /docs} on the API's pages. */
@Configuration(proxyBeanMethods = false)
class LandingConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/web/").setStatusCode(HttpStatus.FOUND);
        registry.addRedirectViewController("/docs", "/swagger-ui.html").setStatusCode(HttpStatus.FOUND);
    }
}
