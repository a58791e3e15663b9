package org.tsunagu.gateway.subject;

/** Resolves through another resolver and remembers each resolution in {@link KnownSubjects}. */
public class RememberingPairwiseResolver implements PairwiseResolver {

    private final PairwiseResolver delegate;
    private final KnownSubjects known;

    public RememberingPairwiseResolver(PairwiseResolver delegate, KnownSubjects known) {
        this.delegate = delegate;
        this.known = known;
    }

    @Override
    public String residentIdFor(String clientId, String sub) {
        String residentId = delegate.residentIdFor(clientId, sub);
        known.remember(clientId, residentId, sub);
        return residentId;
    }
}
