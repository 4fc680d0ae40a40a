package dev.latchkey.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 in the admin UI, driven by visible labels: create a key with an expiry, regenerate with a grace window,
 * the expired badge, the usage chart drawn from real requests, and the lifetime policy on the Authentication page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeyLifecycleUiTest extends AdminBrowserTestBase {
    static final String PAGE = "/admin/settings/authentication/api-keys";
    static final String GROUP_LABEL = "Select a group to inherit its permissions";

    static JsonNode listed(String name) {
        for (JsonNode k : app.api.as(app.admin).get("/api/api-key").expect(200).json()) {
            if (k.get("name").asText().equals(name)) return k;
        }
        throw new AssertionError("no key " + name);
    }

    static JsonNode create(String name, long groupId, String expiresAt) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "group_id", groupId));
        if (expiresAt != null) body.put("expires_at", expiresAt);
        return app.api.as(app.admin).post("/api/api-key", body).expect(200).json();
    }

    @Test
    @Order(1)
    void a_key_created_to_expire_in_seven_days_shows_when_it_expires() {
        browser.go(PAGE).click("Create API Key");
        browser.type("Key name", "Weekly job");
        browser.choose(GROUP_LABEL, "All Users");
        browser.choose("Expires", "In 7 days");
        browser.screenshot("40-api-key-create-expiring").click("Create");
        String key = browser.field("The API key").getAttribute("value");
        browser.click("Done").noModal();
        assertThat(browser.rowShowing("Weekly job", "expires in 7 days", "Never")).doesNotContain(key);
        long expires = Instant.parse(listed("Weekly job").get("expires_at").asText()).toEpochMilli();
        assertThat(expires - System.currentTimeMillis()).isBetween(Duration.ofDays(7).minusMinutes(5).toMillis(), Duration.ofDays(7).toMillis());
        app.api.withKey(key).get("/api/user/current").expect(200);
    }

    @Test
    @Order(2)
    void regenerating_with_a_grace_window_keeps_the_old_key_working_beside_the_new_one() {
        String old = create("Rotating job", 1, null).get("unmasked_key").asText();
        browser.go(PAGE).clickInRow("Rotating job", "Edit Rotating job").click("Regenerate API Key");
        assertThat(browser.modalText("Regenerate API Key")).contains("both the old and the new key work");
        browser.choose("Keep the old key working", "For 1 day");
        browser.screenshot("41-api-key-regenerate-grace").click("Regenerate");
        String fresh = browser.field("The API key").getAttribute("value");
        browser.click("Done").noModal();
        assertThat(fresh).isNotEqualTo(old);
        app.api.withKey(old).get("/api/user/current").expect(200);
        app.api.withKey(fresh).get("/api/user/current").expect(200);
        long until = Instant.parse(listed("Rotating job").get("previous_key_expires_at").asText()).toEpochMilli();
        assertThat(until - app.clock.millis()).isBetween(Duration.ofHours(23).toMillis(), Duration.ofDays(1).toMillis());
    }

    @Test
    @Order(3)
    void a_key_past_its_expiry_is_badged_expired() {
        // the server refuses a past expiry, so create it while the app's clock is two days behind the browser's
        app.clock.advance(Duration.ofDays(-2));
        try {
            create("Old export", 1, Instant.ofEpochMilli(app.clock.millis() + Duration.ofHours(1).toMillis()).toString());
        } finally {
            app.clock.advance(Duration.ofDays(2));
        }
        browser.go(PAGE);
        assertThat(browser.rowShowing("Old export", "expired")).contains("Never");
        browser.screenshot("42-api-keys-expired");
    }

    @Test
    @Order(4)
    void the_details_chart_shows_the_requests_and_denials_of_the_last_30_days() {
        String key = create("Busy bot", 1, null).get("unmasked_key").asText();
        for (int i = 0; i < 3; i++) app.api.withKey(key).get("/api/user/current").expect(200);
        app.api.withKey(key).get("/api/permissions/group").expect(403); // All Users: denied by the admin rule
        browser.go(PAGE).click("Details of Busy bot");
        assertThat(browser.modalText("Requests in the last 30 days")).contains("4 requests", "1 denied");
        WebElement chart = browser.openModal().findElement(By.cssSelector("svg[data-testid=usage-chart]"));
        List<WebElement> days = chart.findElements(By.cssSelector("g.day"));
        assertThat(days).hasSize(30);
        WebElement today = days.get(29);
        assertThat(today.getAttribute("data-requests")).isEqualTo("4");
        assertThat(today.getAttribute("data-denied")).isEqualTo("1");
        assertThat(today.findElements(By.cssSelector("rect.bar-requests"))).hasSize(1);
        assertThat(today.findElements(By.cssSelector("rect.bar-denied"))).hasSize(1);
        assertThat(days.get(0).findElements(By.cssSelector("rect"))).isEmpty();
        assertThat(chart.getRect().getHeight()).isGreaterThan(50);
        browser.screenshot("43-api-key-usage-chart").click("Done").noModal();
    }

    @Test
    @Order(5)
    void the_authentication_page_sets_the_policy_and_counts_the_keys_beyond_it() {
        browser.go("/admin/settings/authentication").sees("No maximum key lifetime");
        browser.type("Maximum key lifetime (days)", "30").click("Save");
        browser.sees("Keys must expire within 30 days.").sees("keys exceed it.");
        long exceeding = app.api.as(app.admin).get("/api/api-key/policy").expect(200).json().get("exceeding").asLong();
        assertThat(exceeding).isEqualTo(2); // Rotating job and Busy bot never expire; the others are within 30 days
        browser.sees(exceeding + " keys exceed it.").screenshot("44-api-key-policy");
        // with a policy the create form offers no "Never" and defaults to the maximum
        browser.go(PAGE).click("Create API Key");
        assertThat(browser.field("Expires").getText()).doesNotContain("Never").contains("In 30 days");
        browser.click("Cancel").noModal();
        app.api.as(app.admin).put("/api/setting/api-key-max-lifetime-days", java.util.Collections.singletonMap("value", null)).expect(204);
    }

    @Test
    @Order(6)
    void the_keys_sort_by_last_use_and_expiry() {
        browser.go(PAGE).row("Old export");
        browser.click("Expires");
        browser.wait(d -> firstRow().contains("Old export")); // expired: the earliest expiry
        browser.click("Last used");
        browser.wait(d -> firstRow().contains("Busy bot")); // the most recently used
        browser.click("Last used ↑");
        browser.wait(d -> firstRow().contains("Old export")); // never used: last when ascending, first now
        browser.screenshot("45-api-keys-sorted");
    }

    static String firstRow() {
        try {
            return browser.row("Old export").findElement(By.xpath("ancestor::table")).findElement(By.cssSelector("tbody tr")).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return "";
        }
    }
}
