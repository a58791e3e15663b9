package org.tsunagu.gateway.subject;

/** Finds which resident an app's pairwise subject id stands for. */
public interface PairwiseResolver {

    /**
     * @return the regional resident id
     * @throws org.tsunagu.gateway.web.ApiProblemException {@code subject-unknown} when this app has no
     *         such sub (another app's sub included), {@code dependency-unavailable} when it cannot be asked
     */
    String residentIdFor(String clientId, String sub);
}
