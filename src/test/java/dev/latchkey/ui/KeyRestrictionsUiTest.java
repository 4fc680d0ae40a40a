package dev.latchkey.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 in the browser: the Restrictions section of the create and edit dialogs (inline validation, then a key
 * that really is restricted), the table's summary, the effective-permissions view, and a person's own API keys
 * page (create with the one-time copy modal, regenerate, delete).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRestrictionsUiTest extends AdminBrowserTestBase {
    static final String GROUP_LABEL = "Select a group to inherit its permissions";
    static final String READ_ONLY = "Read-only (GET and HEAD only)";

    @Test
    @Order(1)
    void the_create_dialog_validates_restrictions_inline_and_makes_a_restricted_key() {
        browser.go("/admin/settings/authentication/api-keys").click("Create API Key");
        browser.type("Key name", "Dashboard reader").choose(GROUP_LABEL, "Administrators").check(READ_ONLY);
        browser.type("Allowed paths", "/admin").type("Allowed IP addresses", "10.0.0.0/33")
                .type("Rate limit: requests", "0").type("per seconds", "60");
        browser.click("Create").sees("“/admin” must start with /api/").sees("“10.0.0.0/33” is not an IP address or CIDR block.")
                .sees("Enter a whole number of requests, at least 1.");
        browser.type("Allowed paths", "/api/collection\n/api/user").type("Allowed IP addresses", "127.0.0.1")
                .type("Rate limit: requests", "5");
        browser.screenshot("40-api-key-restrictions");
        browser.click("Create");
        String key = browser.field("The API key").getAttribute("value");
        browser.click("Done").noModal();
        assertThat(browser.rowShowing("Dashboard reader", "Read-only · 2 paths · 127.0.0.1 · 5/60 s")).doesNotContain(key);
        app.api.withKey(key).get("/api/collection").expect(200);
        app.api.withKey(key).post("/api/collection", Map.of("name", "x", "color", "#509EE3")).expect(403);
        app.api.withKey(key).get("/api/permissions/group").expect(403);
        assertThat(app.api.withKey(key).get("/api/user/current").expect(200).header("RateLimit-Limit")).isEqualTo("5");
        browser.screenshot("41-api-keys-restricted");
    }

    @Test
    @Order(2)
    void editing_restrictions_applies_to_the_next_request() {
        browser.go("/admin/settings/authentication/api-keys").clickInRow("Dashboard reader", "Edit Dashboard reader");
        browser.check(READ_ONLY).type("Allowed paths", "").type("Rate limit: requests", "").type("per seconds", "");
        browser.click("Save").noModal();
        browser.rowShowing("Dashboard reader", "127.0.0.1");
        JsonNode listed = app.api.as(app.admin).get("/api/api-key").expect(200).json().get(0);
        assertThat(listed.get("restrictions").toString())
                .isEqualTo("{\"read_only\":false,\"allowed_paths\":[],\"allowed_ips\":[\"127.0.0.1\"],\"rate_limit\":null}");
    }

    @Test
    @Order(3)
    void the_detail_view_shows_the_effective_permissions() {
        browser.go("/admin/settings/authentication/api-keys").clickInRow("Dashboard reader", "Permissions of Dashboard reader");
        String text = browser.modalText("What “Dashboard reader” can do");
        assertThat(text).contains("Administrators").contains("GET, HEAD, POST, PUT, DELETE").contains("127.0.0.1")
                .contains("Writes collections");
        browser.screenshot("42-api-key-permissions");
        browser.click("Done").noModal();
    }

    @Test
    @Order(4)
    void a_person_manages_their_own_keys_from_the_person_menu() {
        browser.signOut().signIn(TestApp.MEMBER_EMAIL, TestApp.PASSWORD);
        browser.go("/").click("Settings menu").click("API keys").sees("You have no API keys yet");
        assertThat(browser.path()).isEqualTo("/account/api-keys");
        browser.click("Create API Key").type("Key name", "Laptop").check(READ_ONLY).click("Create");
        String key = browser.field("The API key").getAttribute("value");
        browser.screenshot("43-personal-key-secret");
        browser.click("Done").noModal();
        browser.rowShowing("Laptop", "Read-only");
        assertThat(app.api.withKey(key).get("/api/user/current").expect(200).json().get("id").asLong()).isEqualTo(app.memberId);
        browser.screenshot("44-personal-keys");

        browser.clickInRow("Laptop", "Regenerate Laptop").click("Regenerate");
        String regenerated = browser.field("The API key").getAttribute("value");
        browser.click("Done").noModal();
        assertThat(regenerated).isNotEqualTo(key);
        app.api.withKey(key).get("/api/user/current").expect(401);
        app.api.withKey(regenerated).get("/api/user/current").expect(200);

        browser.clickInRow("Laptop", "Delete Laptop").click("Delete API Key").sees("You have no API keys yet");
        app.api.withKey(regenerated).get("/api/user/current").expect(401);
    }
}
