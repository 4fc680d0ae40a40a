package dev.latchkey.ui;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.function.Supplier;

/** Saves what the browser showed when a test failed, as target/screenshots/FAILED-<test>.png. */
final class FailureScreenshots implements TestExecutionExceptionHandler {
    private final Supplier<Browser> browser;

    FailureScreenshots(Supplier<Browser> browser) { this.browser = browser; }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Browser b = browser.get();
        if (b != null) {
            try {
                b.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
            } catch (RuntimeException ignored) {
                // the failure itself matters more than its picture
            }
        }
        throw failure;
    }
}
