package org.opentask;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OpenTaskApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpenTaskApplication.class, args);
    }
}
