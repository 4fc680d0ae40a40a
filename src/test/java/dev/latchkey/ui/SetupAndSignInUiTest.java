package dev.latchkey.ui;

import dev.latchkey.app.App;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** First run on a fresh instance (no TestApp seeding): the setup page, then signing out and in. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupAndSignInUiTest {
    static final String EMAIL = "ada@example.com";
    static final String PASSWORD = "Correct-h0rse-battery";
    static TestDatabase database;
    static App app;
    static Api api;
    static Browser browser;
    @RegisterExtension static final FailureScreenshots screenshots = new FailureScreenshots(() -> browser);

    @BeforeAll
    static void start() {
        database = new TestDatabase();
        app = new App(database.config()).start();
        api = Api.at("http://localhost:" + app.port());
        browser = Browser.open(api.base());
    }

    @AfterEach
    void no_script_errors_or_policy_violations() {
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (app != null) app.close();
        if (database != null) database.close();
    }

    @Test
    @Order(1)
    void a_fresh_instance_opens_on_setup_which_creates_the_first_admin_and_signs_them_in() {
        browser.go("/admin/people").sees("Welcome to Latchkey");
        assertThat(browser.path()).isEqualTo("/setup");
        browser.screenshot("01-setup-welcome").click("Let's get started")
                .type("First name", "Ada").type("Last name", "Lovelace").type("Email", EMAIL)
                .type("Company or team name", "Analytical Engines")
                .type("Create a password", "abc").type("Confirm your password", "abc")
                .click("Finish setup")
                .sees("Password is too common.");
        browser.screenshot("02-setup-validation");
        browser.type("Create a password", PASSWORD).type("Confirm your password", "something else")
                .click("Finish setup").sees("Passwords do not match.");
        browser.type("Confirm your password", PASSWORD).click("Finish setup").sees("Hello, Ada");
        assertThat(browser.path()).isEqualTo("/");
        browser.sees("Welcome to Analytical Engines.").screenshot("03-home");
        assertThat(api.get("/api/session/properties").expect(200).json().get("has-user-setup").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void after_setup_the_setup_page_is_gone() {
        browser.go("/setup").sees("Hello, Ada");
        assertThat(browser.path()).isEqualTo("/");
    }

    @Test
    @Order(3)
    void signing_out_and_in_again_with_a_clear_message_for_a_wrong_password() {
        browser.go("/").click("Settings menu").click("Sign out").sees("Sign in to Latchkey");
        assertThat(browser.path()).isEqualTo("/auth/login");
        browser.type("Email address", EMAIL).type("Password", "not-the-password").click("Sign in")
                .sees("That email address and password don't match. Check them and try again.")
                .screenshot("04-sign-in-wrong-password");
        browser.type("Password", PASSWORD).click("Sign in").sees("Hello, Ada");
    }

    @Test
    @Order(4)
    void a_deep_link_survives_sign_in_and_a_reload() {
        browser.click("Settings menu").click("Sign out").sees("Sign in to Latchkey");
        browser.go("/admin/settings/authentication/api-keys").sees("Sign in to Latchkey");
        assertThat(browser.path()).startsWith("/auth/login?redirect=");
        browser.type("Email address", EMAIL).type("Password", PASSWORD).click("Sign in").sees("Manage API Keys");
        assertThat(browser.path()).isEqualTo("/admin/settings/authentication/api-keys");
        browser.driver.navigate().refresh();
        browser.sees("Manage API Keys");
        assertThat(browser.path()).isEqualTo("/admin/settings/authentication/api-keys");
    }

    @Test
    @Order(5)
    void when_the_session_ends_elsewhere_the_next_action_asks_to_sign_in_and_returns_to_the_page() {
        browser.go("/admin/settings/general").sees("Site URL");
        String session = browser.driver.manage().getCookieNamed("metabase.SESSION").getValue();
        api.withSession(session).delete("/api/session").expect(204);
        browser.click("Groups").sees("Sign in to Latchkey");
        assertThat(browser.path()).isEqualTo("/auth/login?redirect=%2Fadmin%2Fgroups");
        browser.type("Email address", EMAIL).type("Password", PASSWORD).click("Sign in").sees("Create a group");
        assertThat(browser.path()).isEqualTo("/admin/groups");
    }

    @Test
    @Order(6)
    void a_throttled_sign_in_says_how_long_to_wait() {
        browser.click("Settings menu").click("Sign out").sees("Sign in to Latchkey");
        for (int i = 0; i < 10; i++) {
            api.post("/api/session", Map.of("username", "mallory@example.com", "password", "guess" + i)).expect(401);
        }
        browser.type("Email address", "mallory@example.com").type("Password", "guess-again").click("Sign in")
                .sees("Too many attempts! You must wait").screenshot("05-sign-in-throttled");
    }
}
