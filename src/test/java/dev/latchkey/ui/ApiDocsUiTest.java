package dev.latchkey.ui;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/docs in headless Chromium: Swagger UI renders the document under the CSP, with no console error. */
class ApiDocsUiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    @Test
    void the_api_page_lists_the_api_key_endpoints_without_a_csp_violation() {
        try (Browser browser = Browser.open("http://localhost:" + app.app.port())) {
            browser.go("/api/docs").sees("Latchkey API").sees("/api/api-key/{id}/regenerate").sees("Authorize");
            browser.screenshot("api-docs");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
