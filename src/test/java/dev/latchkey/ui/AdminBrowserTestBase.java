package dev.latchkey.ui;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set-up the admin-page UI tests share: a seeded app, a browser signed in as the admin, a screenshot of
 * any failure, and no script error or policy violation tolerated after any step. One app and browser per class.
 */
abstract class AdminBrowserTestBase {
    static TestApp app;
    static Browser browser;
    @RegisterExtension static final FailureScreenshots screenshots = new FailureScreenshots(() -> browser);

    @BeforeAll
    static void start() {
        app = TestApp.start();
        browser = Browser.open(app.api.base());
        browser.signIn(TestApp.ADMIN_EMAIL, TestApp.PASSWORD);
    }

    @AfterEach
    void no_script_errors_or_policy_violations() {
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (app != null) app.close();
        browser = null;
        app = null;
    }
}
