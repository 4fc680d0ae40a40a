package dev.latchkey.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's walk, literally: "Click on the gear icon in the upper right → Admin settings → Settings tab →
 * Authentication tab on the left → scroll to API Keys and click Manage → Create API Key → Key name → Select a
 * Group → Create → copy the generated key", then the key is used over HTTP; then edit, regenerate and delete.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeysUiTest extends AdminBrowserTestBase {
    static final String GROUP_LABEL = "Select a group to inherit its permissions";
    static final String WARNING = "Please copy this key and save it somewhere safe. For security reasons, we can't show it to you again.";
    static String key;

    @BeforeAll
    static void an_analysts_group() {
        app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Analysts")).expect(200);
    }

    static long groupId(String name) {
        for (JsonNode g : app.api.as(app.admin).get("/api/permissions/group").expect(200).json()) {
            if (g.get("name").asText().equals(name)) return g.get("id").asLong();
        }
        throw new AssertionError("no group " + name);
    }

    @Test
    @Order(1)
    void with_no_keys_the_card_offers_set_up_and_the_page_shows_the_empty_state() {
        browser.go("/").click("Settings menu").click("Admin settings").click("Settings").click("Authentication")
                .sees("Create keys to authenticate API calls.").sees("0 API Keys");
        browser.click("Set up").sees("No API keys here yet")
                .sees("You can create an API key to make API calls programatically.");
        assertThat(browser.path()).isEqualTo("/admin/settings/authentication/api-keys");
        assertThat(browser.bodyText()).doesNotContain("Allow users to use the API keys to authenticate their API calls.");
        browser.screenshot("10-api-keys-empty");
    }

    @Test
    @Order(2)
    void the_seeds_steps_create_a_key_that_works_with_curl() {
        app.api.as(app.admin).post("/api/api-key", Map.of("name", "Nightly export", "group_id", groupId("All Users"))).expect(200);
        browser.go("/");
        browser.click("Settings menu");                           // 1. the gear icon in the upper right
        browser.click("Admin settings");                          // 2.
        browser.click("Settings");                                // 3. Settings tab
        browser.click("Authentication");                          // 4. Authentication tab on the left
        browser.sees("1 API Key");
        browser.js("arguments[0].scrollIntoView()", browser.button("Manage")); // 5. scroll to API Keys
        browser.screenshot("11-authentication");
        browser.click("Manage").sees("Manage API Keys");           //    and click Manage
        browser.click("Create API Key");                          // 6.
        assertThat(browser.modalText("Create a new API Key")).contains("We don’t version the Latchkey API.");
        browser.type("Key name", "Reporting bot");                // 7.
        browser.choose(GROUP_LABEL, "Administrators");            // 8. Select a Group
        browser.screenshot("12-api-key-create");
        browser.click("Create");                                  // 9.
        assertThat(browser.modalText("Copy and save the API key")).contains(WARNING);
        key = browser.field("The API key").getAttribute("value");
        browser.click("Copy").sees("Copied");                     // 10. copy the generated key
        assertThat(browser.clipboard()).isEqualTo(key);
        browser.screenshot("13-api-key-secret");

        app.api.withKey(key).get("/api/permissions/group").expect(200);
        browser.click("Done").noModal();
        assertThat(browser.rowShowing("Reporting bot", "Administrators", "Crowberto Corv"))
                .doesNotContain(key);
        browser.sees("Allow users to use the API keys to authenticate their API calls.").screenshot("14-api-keys");
    }

    @Test
    @Order(3)
    void the_key_is_renamed_and_moved_to_another_group() {
        browser.clickInRow("Reporting bot", "Edit Reporting bot");
        browser.modalText("Edit API Key");
        assertThat(browser.button("Regenerate API Key").isDisplayed()).isTrue();
        assertThat(browser.field("API Key").isEnabled()).isFalse();
        assertThat(browser.driver.findElement(org.openqa.selenium.By.xpath("//dialog[@open]//button[normalize-space(.)='Save']"))
                .isEnabled()).isFalse();
        browser.type("Key name", "Reporting bot (read only)").choose(GROUP_LABEL, "Analysts").screenshot("15-api-key-edit")
                .click("Save").noModal();
        browser.rowShowing("Reporting bot (read only)", "Analysts");
        app.api.withKey(key).get("/api/permissions/group").expect(403);
        JsonNode me = app.api.withKey(key).get("/api/user/current").expect(200).json();
        assertThat(me.get("common_name").asText()).isEqualTo("Reporting bot (read only)");
        assertThat(me.get("group_ids").toString()).contains(String.valueOf(groupId("Analysts")));
    }

    @Test
    @Order(4)
    void regenerating_shows_a_new_key_once_and_the_old_key_stops_working() {
        String before = browser.rowShowing("Reporting bot (read only)");
        browser.clickInRow("Reporting bot (read only)", "Edit Reporting bot (read only)").click("Regenerate API Key");
        assertThat(browser.modalText("Regenerate API Key")).contains("Reporting bot (read only)").contains("Analysts")
                .contains("You won't be able to recover the old key.");
        browser.screenshot("16-api-key-regenerate").click("Regenerate");
        assertThat(browser.modalText("Copy and save the API key")).contains(WARNING);
        String fresh = browser.field("The API key").getAttribute("value");
        assertThat(fresh).isNotEqualTo(key);
        app.api.withKey(key).get("/api/user/current").expect(401);
        app.api.withKey(fresh).get("/api/user/current").expect(200);
        browser.click("Done").noModal();
        browser.wait(d -> { String now = browser.rowText("Reporting bot (read only)"); return !now.isEmpty() && !now.equals(before); });
        key = fresh;
    }

    @Test
    @Order(5)
    void deleting_asks_for_confirmation_and_the_key_stops_working() {
        browser.clickInRow("Reporting bot (read only)", "Delete Reporting bot (read only)");
        assertThat(browser.modalText("Delete API Key"))
                .contains("You won't be able to recover a deleted API key. You'll have to create a new key.");
        browser.screenshot("17-api-key-delete").click("Delete API Key").noModal();
        browser.noRow("Reporting bot (read only)");
        browser.row("Nightly export");
        app.api.withKey(key).get("/api/user/current").expect(401);
    }

    @Test
    @Order(6)
    void missing_fields_and_a_duplicate_name_are_shown_in_the_create_form_without_a_secret() {
        browser.click("Create API Key").click("Create").sees("Key name is required.").sees("Select a group for this key.");
        browser.type("Key name", "Nightly export").choose(GROUP_LABEL, "All Users").click("Create")
                .sees("An API key with this name already exists.");
        assertThat(browser.modalText("Create a new API Key")).doesNotContain("Copy and save the API key");
        browser.screenshot("18-api-key-duplicate").click("Cancel").noModal();
        assertThat(app.api.as(app.admin).get("/api/api-key/count").expect(200).text()).isEqualTo("1");
    }

    @Test
    @Order(7)
    void the_create_modal_keeps_keyboard_focus_inside_and_escape_returns_it() {
        browser.click("Create API Key").openModal();
        Actions keys = new Actions(browser.driver);
        for (int i = 0; i < 12; i++) {
            keys.sendKeys(Keys.TAB).perform();
            assertThat(browser.js("return document.activeElement.closest('dialog[open]') !== null")).isEqualTo(true);
        }
        for (int i = 0; i < 5; i++) {
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            assertThat(browser.js("return document.activeElement.closest('dialog[open]') !== null")).isEqualTo(true);
        }
        keys.sendKeys(Keys.ESCAPE).perform();
        browser.noModal();
        assertThat(browser.activeElementDescription()).isEqualTo("Create API Key");
    }

    @Test
    @Order(8)
    void the_page_fits_a_phone_screen() {
        try {
            browser.viewport(390, 844).go("/admin/settings/authentication/api-keys").row("Nightly export");
            assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
            browser.screenshot("19-api-keys-phone");
            browser.click("Create API Key").openModal();
            assertThat(browser.js("const r = document.querySelector('dialog[open]').getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth"))
                    .isEqualTo(true);
            browser.screenshot("19-api-key-create-phone").click("Cancel").noModal();
        } finally {
            browser.viewport(1280, 800);
        }
    }
}
