package org.tsunagu.connectors.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tsunagu.connectors.events.NoticeSignature;

import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates municipal systems' event notices before anything reads them: the raw body (at most
 * 16 KB) must carry a valid Standard Webhooks signature made with the system's
 * {@code tsunagu.municipal.<system>.event-secret}. Otherwise 401 (or 413), and nothing is stored.
 */
@Component
class MunicipalNoticeFilter extends OncePerRequestFilter {

    static final int MAX_BODY = 16 * 1024;
    private static final Pattern PATH = Pattern.compile("^/v1/municipal/([a-z]{1,32})/events$");

    private final NoticeSignature signature;
    private final Environment environment;
    private final JsonMapper json;

    MunicipalNoticeFilter(NoticeSignature signature, Environment environment, JsonMapper json) {
        this.signature = signature;
        this.environment = environment;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/municipal/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = PATH.matcher(request.getRequestURI());
        if (!path.matches() || !"POST".equals(request.getMethod())) {
            chain.doFilter(request, response); // MVC answers 404/405
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            refuse(request, response, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                    "Payload too large", "A notice may be at most 16 KB.", request));
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            refuse(request, response, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                    "Payload too large", "A notice may be at most 16 KB.", request));
            return;
        }
        String system = path.group(1);
        String problem = signature.problem(environment.getProperty("tsunagu.municipal." + system + ".event-secret"),
                request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getHeader("webhook-signature"), body);
        if (problem != null) {
            refuse(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid signature",
                    problem, request));
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }

    /** The request with its already-read body offered again to MVC. */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
