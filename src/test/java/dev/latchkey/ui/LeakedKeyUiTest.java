package dev.latchkey.ui;

import dev.latchkey.support.SecretScanning;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A key GitHub reported as leaked stays in Manage API Keys, with a Leaked badge and a link to the report. */
class LeakedKeyUiTest extends AdminBrowserTestBase {
    static SecretScanning scanning;

    /**
     * Replaces the base class's app and browser (its @BeforeAll runs first: JUnit does not treat a static method of the
     * same name as hiding it, and the browser it had opened outlived the run) with an app that believes leak reports
     * signed by a test key pair.
     */
    @BeforeAll
    static void startWithSecretScanning() {
        stop();
        try {
            scanning = new SecretScanning();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        app = TestApp.start(c -> c.withOperations(c.ops().withSecretScanningKeys(scanning.keysFile)));
        browser = Browser.open(app.api.base());
        browser.signIn(TestApp.ADMIN_EMAIL, TestApp.PASSWORD);
    }

    @AfterAll
    static void removeKeys() throws Exception { scanning.close(); }

    static String key(String name) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", name, "group_id", 1)).expect(200).json()
                .get("unmasked_key").asText();
    }

    @Test
    void a_leaked_key_shows_a_badge_and_its_report_while_other_keys_do_not() throws Exception {
        String leaked = key("Deploy bot");
        key("Nightly export");
        String sneaky = key("Old script");
        scanning.report(app.api.anonymous(), SecretScanning.alert(leaked)).expect(200);
        scanning.report(app.api.anonymous(), SecretScanning.alertAt("javascript:alert(1)", sneaky)).expect(200);
        browser.go("/admin/settings/authentication/api-keys").sees("Deploy bot");
        WebElement row = browser.row("Deploy bot");
        assertThat(row.getText()).contains("Leaked").contains("Report");
        WebElement link = row.findElement(By.linkText("Report"));
        assertThat(link.getAttribute("href")).isEqualTo(SecretScanning.URL);
        assertThat(link.getAttribute("rel")).contains("noopener");
        assertThat(browser.rowText("Nightly export")).doesNotContain("Leaked");
        WebElement unsafe = browser.row("Old script");
        assertThat(unsafe.getText()).contains("Leaked");
        assertThat(unsafe.findElements(By.tagName("a"))).isEmpty();
        browser.screenshot("18-api-key-leaked");
    }
}
