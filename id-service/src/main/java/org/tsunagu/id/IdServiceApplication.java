package org.tsunagu.id;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class IdServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(IdServiceApplication.class, args);
    }
}
