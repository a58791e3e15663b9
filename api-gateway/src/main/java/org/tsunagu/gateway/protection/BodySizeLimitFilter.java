package org.tsunagu.gateway.protection;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.tsunagu.gateway.web.ProblemResponses;
import org.tsunagu.gateway.web.ProblemType;

/**
 * Refuses request bodies above the limit (413 {@code payload-too-large}) before anything reads
 * them; a body without a declared length (chunked) is refused too: every call of this API is
 * small. Header size is limited by the server ({@code server.max-http-request-header-size}).
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ProblemResponses problems;

    public BodySizeLimitFilter(long maxBytes, ProblemResponses problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes || chunked) {
            response.setHeader("Connection", "close");
            problems.write(response, ProblemType.PAYLOAD_TOO_LARGE,
                    "Request bodies may be at most " + maxBytes + " bytes, with a Content-Length.", request);
            return;
        }
        chain.doFilter(request, response);
    }
}
