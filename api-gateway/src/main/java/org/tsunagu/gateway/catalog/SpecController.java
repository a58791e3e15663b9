package org.tsunagu.gateway.catalog;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the gateway's own OpenAPI spec, exactly as packaged in the contracts jar (no other spec). */
@RestController
public class SpecController {

    private static final Resource SPEC = new ClassPathResource("openapi/gateway.yaml");

    @GetMapping(path = "/openapi/gateway.yaml")
    public ResponseEntity<Resource> spec() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(SPEC);
    }
}
