package dev.latchkey.content;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The set-up every content API test class shares: its own running app on a fresh database, and the
 * seeding helper bound to it. JUnit runs these for each subclass, so no two test classes share an app.
 */
public abstract class ContentApiTestBase {
    protected static TestApp app;
    protected static Content content;

    @BeforeAll protected static void start() {
        app = TestApp.start();
        content = new Content(app);
    }

    @AfterAll protected static void stop() { app.close(); }
}
