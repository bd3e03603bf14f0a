package org.opentask.app.system;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;

/**
 * The answer to a request Tomcat refuses before any servlet sees it (a URI with {@code %zz}, an encoded slash or
 * {@code ..} above the root, a header that breaks the syntax, an unsupported HTTP version): the API's problem JSON
 * rather than Tomcat's HTML page. Errors inside the application go to {@link ErrorProblemController} instead.
 */
class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Problems.json(status, detail(status, response.getMessage()), null));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: nothing more to say
        }
    }

    private static String detail(int status, String message) {
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "Error " + status : known.getReasonPhrase();
        if (status == 400) {
            return "The request cannot be read" + (message == null || message.isBlank() ? "" : ": " + message);
        }
        return message == null || message.isBlank() ? reason : reason + ": " + message;
    }

    /** Puts the valve in place of Tomcat's own report, after Spring Boot has added that one. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReports() {
            return new Customizer();
        }
    }

    private static final class Customizer
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                if (host instanceof StandardHost standardHost) {
                    standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
                host.getPipeline().addValve(new ProblemReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
