package org.opentask.app.console;

import java.security.Principal;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page shows: who is signed in. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    @ModelAttribute("operator")
    String operator(Principal principal) {
        return principal == null ? "" : principal.getName();
    }
}
