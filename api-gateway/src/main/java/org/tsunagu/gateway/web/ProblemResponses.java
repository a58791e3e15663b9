package org.tsunagu.gateway.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Builds RFC 9457 problem bodies, for MVC handlers and for filters (security) alike. */
@Component
public class ProblemResponses {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final JsonMapper mapper;

    public ProblemResponses(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The problem body: type, title, status, detail and the request's correlation id. */
    public Map<String, Object> body(ProblemType type, String detail, HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri());
        body.put("title", type.title());
        body.put("status", type.status().value());
        if (detail != null) {
            body.put("detail", detail);
        }
        String correlationId = request == null ? null : CorrelationId.of(request);
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        return body;
    }

    public ResponseEntity<Object> entity(ProblemType type, String detail, HttpServletRequest request) {
        return ResponseEntity.status(type.status()).contentType(PROBLEM_JSON).body(body(type, detail, request));
    }

    /** Writes the problem straight to the servlet response (used where MVC is not involved). */
    public void write(HttpServletResponse response, ProblemType type, String detail, HttpServletRequest request)
            throws IOException {
        response.setStatus(type.status().value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(mapper.writeValueAsBytes(body(type, detail, request)));
    }
}
