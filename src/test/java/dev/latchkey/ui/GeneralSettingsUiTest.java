package dev.latchkey.ui;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** Admin settings → Settings → General edits the instance's settings through PUT /api/setting. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneralSettingsUiTest extends AdminBrowserTestBase {
    private static String setting(String key) { return app.api.as(app.admin).get("/api/setting/" + key).expect(200).json().asText(); }

    @Test
    @Order(1)
    void the_general_page_shows_the_settings_in_force() {
        browser.go("/").click("Settings menu").click("Admin settings").click("Settings").click("General").sees("Save changes");
        assertThat(browser.field("Site name").getAttribute("value")).isEqualTo("Latchkey tests");
        assertThat(browser.field("Default language").getAttribute("value")).isEqualTo("en");
        assertThat(browser.field("Site name").getAttribute("disabled")).isNull();
        browser.sees("The name used for this instance of Latchkey.");
        browser.screenshot("20-general-settings");
    }

    @Test
    @Order(2)
    void an_admin_changes_the_site_name_url_and_first_day_and_they_are_saved() {
        browser.go("/admin/settings/general").sees("Save changes");
        browser.type("Site name", "Acme Analytics");
        browser.type("Site URL", "bi.example.com/");
        browser.choose("First day of the week", "Monday");
        browser.click("Save changes").sees("Saved");
        assertThat(setting("site-name")).isEqualTo("Acme Analytics");
        assertThat(setting("site-url")).isEqualTo("http://bi.example.com");
        assertThat(setting("start-of-week")).isEqualTo("monday");
        assertThat(browser.field("Site URL").getAttribute("value")).isEqualTo("http://bi.example.com");
        assertThat(app.api.as(app.admin).get("/api/audit-log?topic=setting-update").expect(200).json().get("total").asInt()).isEqualTo(3);

        browser.go("/admin/settings/general").sees("Save changes");
        assertThat(browser.field("Site name").getAttribute("value")).isEqualTo("Acme Analytics");
        assertThat(browser.field("First day of the week").getAttribute("value")).isEqualTo("monday");
        browser.go("/").sees("Acme Analytics");
    }

    @Test
    @Order(3)
    void a_value_the_server_refuses_shows_its_message_and_nothing_is_saved() {
        browser.go("/admin/settings/general").sees("Save changes");
        browser.type("Site name", "Never saved");
        browser.type("Default language", "xx_QQ");
        browser.click("Save changes").sees("Invalid locale \"xx_QQ\"");
        assertThat(setting("site-locale")).isEqualTo("en");
        assertThat(setting("site-name")).isEqualTo("Acme Analytics");
        browser.screenshot("21-general-settings-error");
    }

    @Test
    @Order(4)
    void emptying_a_field_resets_the_setting_to_its_default() {
        browser.go("/admin/settings/general").sees("Save changes");
        browser.type("Site URL", "");
        browser.click("Save changes").sees("Saved");
        assertThat(app.api.as(app.admin).get("/api/setting/site-url").expect(200).text()).isEqualTo("null");
    }
}
