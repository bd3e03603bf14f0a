package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;

/** The filters an API request passes run in the order {@link FilterOrder} gives, in the running server. */
class FilterOrderApiTest extends ApiTest {

    /** Each row's filter, by the name the server knows it by. */
    private static final Map<FilterOrder, String> FILTERS = Map.of(
            FilterOrder.REQUEST_ID, "requestIdFilter",
            FilterOrder.HTTP_SERVER_REQUESTS, "httpServerRequests",
            FilterOrder.DATABASE_UNAVAILABLE, "databaseUnavailableFilter",
            FilterOrder.OPERATOR_HEADER, "operatorHeaderFilter",
            FilterOrder.SECURITY, "springSecurityFilterChain",
            FilterOrder.JSON_BODY, "jsonBodyFilter",
            FilterOrder.REQUEST_PARAMETERS, "requestParametersFilter",
            FilterOrder.BOT_PRESENCE, "botPresenceFilter");

    @Autowired
    ServletWebServerApplicationContext context;

    @Autowired
    DelegatingFilterProxyRegistrationBean securityFilterChainRegistration;

    @Test
    void the_table_has_one_place_per_filter() {
        assertThat(FILTERS).containsOnlyKeys(FilterOrder.values());
        assertThat(Arrays.stream(FilterOrder.values()).map(FilterOrder::order).distinct()).hasSize(FILTERS.size());
        assertThat(securityFilterChainRegistration.getOrder()).isEqualTo(FilterOrder.SECURITY.order());
    }

    @Test
    void an_api_request_passes_the_filters_in_the_tables_order() {
        assertThat(api.get("/api/tasks/pending?assigned_to=" + bot("order")).status()).isEqualTo(200);

        Context web = (Context) ((TomcatWebServer) context.getWebServer()).getTomcat().getHost().findChildren()[0];
        // the chain the server builds for a request: every filter mapped to its path, in the order of the mappings
        List<String> chain = Arrays.stream(web.findFilterMaps())
                .filter(map -> Arrays.asList(map.getURLPatterns()).contains("/*"))
                .filter(map -> (map.getDispatcherMapping() & FilterMap.REQUEST) != 0)
                .map(FilterMap::getFilterName)
                .filter(FILTERS::containsValue)
                .toList();
        List<String> table = Arrays.stream(FilterOrder.values())
                .sorted(Comparator.comparingInt(FilterOrder::order))
                .map(FILTERS::get)
                .toList();
        assertThat(chain).containsExactlyElementsOf(table);
        assertThat(web.findFilterMaps()[0].getFilterName()).isIn("requestIdFilter", "characterEncodingFilter");
    }
}
