package dev.latchkey.ui;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A setting fixed by its environment variable shows its value read-only on the General page, naming the variable. */
class GeneralSettingsFromEnvUiTest {
    static TestApp app;
    static Browser browser;
    @RegisterExtension static final FailureScreenshots screenshots = new FailureScreenshots(() -> browser);

    @BeforeAll
    static void start() {
        app = TestApp.start(c -> c.withSettingsEnv(Map.of("MB_SITE_NAME", "Fixed Co")));
        browser = Browser.open(app.api.base());
        browser.signIn(TestApp.ADMIN_EMAIL, TestApp.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (app != null) app.close();
    }

    @Test
    void the_site_name_set_by_mb_site_name_is_shown_and_cannot_be_edited_while_the_rest_can() {
        browser.go("/admin/settings/general").sees("Set by the environment variable MB_SITE_NAME.");
        assertThat(browser.field("Site name").getAttribute("value")).isEqualTo("Fixed Co");
        assertThat(browser.field("Site name").getAttribute("disabled")).isNotNull();
        browser.type("Default language", "de");
        browser.click("Save changes").sees("Saved");
        assertThat(app.api.as(app.admin).get("/api/setting/site-locale").expect(200).json().asText()).isEqualTo("de");
        assertThat(app.api.as(app.admin).get("/api/setting/site-name").expect(200).json().asText()).isEqualTo("Fixed Co");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("22-general-settings-env");
    }
}
