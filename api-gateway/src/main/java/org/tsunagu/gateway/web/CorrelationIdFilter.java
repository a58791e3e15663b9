package org.tsunagu.gateway.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before everything else (security included) so every response, problems too, carries
 * the {@code X-Correlation-Id}; downstream code sees only the accepted or created id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = CorrelationId.acceptOrCreate(request.getHeader(CorrelationId.HEADER));
        request.setAttribute(CorrelationId.ATTRIBUTE, id);
        response.setHeader(CorrelationId.HEADER, id);
        MDC.put("correlationId", id);
        try {
            chain.doFilter(new WithCorrelationId(request, id), response);
        } finally {
            MDC.remove("correlationId");
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** Presents the chosen id as the request's only {@code X-Correlation-Id} header. */
    private static final class WithCorrelationId extends HttpServletRequestWrapper {
        private final String id;

        WithCorrelationId(HttpServletRequest request, String id) {
            super(request);
            this.id = id;
        }

        private static boolean isCorrelationHeader(String name) {
            return CorrelationId.HEADER.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isCorrelationHeader(name) ? id : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isCorrelationHeader(name) ? Collections.enumeration(List.of(id)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements();) {
                String name = e.nextElement();
                if (!isCorrelationHeader(name)) {
                    names.add(name);
                }
            }
            names.add(CorrelationId.HEADER);
            return Collections.enumeration(names);
        }
    }
}
