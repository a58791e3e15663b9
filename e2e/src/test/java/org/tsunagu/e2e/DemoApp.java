package org.tsunagu.e2e;

/** A demo app from {@code seeds/apps.json}. */
record DemoApp(String clientId, String secret, String redirectUri) {
    /**
     * The port of the webhook URL the operator approved for the vaccine app in {@code seeds/apps.json}
     * ({@code http://127.0.0.1:8765/hooks/tsunagu}): the only port its webhooks may go to (ADR 0055).
     */
    static final int VACCINE_NOTEBOOK_WEBHOOK_PORT = 8765;

    static final DemoApp VACCINE_NOTEBOOK = new DemoApp("aizu-vaccine-notebook", "vaccine-notebook-demo-secret",
            "http://127.0.0.1:8765/callback");
    static final DemoApp SCHOOL_NOTICE = new DemoApp("bandai-school-notice", "school-notice-demo-secret",
            "http://127.0.0.1:8766/callback");
    static final DemoApp TOURISM = new DemoApp("aizu-tourism", "tourism-demo-secret",
            "http://127.0.0.1:8767/callback");
    /** Only in the e2e seeds overlay: its access tokens live 2 seconds. */
    static final DemoApp SHORT_LIVED = new DemoApp("e2e-short-lived", "short-lived-e2e-secret",
            "http://127.0.0.1:8768/callback");
}
