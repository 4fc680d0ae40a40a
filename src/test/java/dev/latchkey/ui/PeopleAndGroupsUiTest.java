package dev.latchkey.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Groups and people managed through the admin pages, checked against the API; and what a non-admin sees. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeopleAndGroupsUiTest extends AdminBrowserTestBase {
    static String luckyPassword;

    static long groupId(String name) {
        for (JsonNode g : app.api.as(app.admin).get("/api/permissions/group").expect(200).json()) {
            if (g.get("name").asText().equals(name)) return g.get("id").asLong();
        }
        return -1;
    }

    static List<String> memberEmails(long groupId) {
        List<String> emails = new ArrayList<>();
        app.api.as(app.admin).get("/api/permissions/group/" + groupId).expect(200).json().get("members")
                .forEach(m -> emails.add(m.get("email").asText()));
        return emails;
    }

    @Test
    @Order(1)
    void an_admin_creates_a_group_from_the_groups_tab() {
        browser.go("/").click("Settings menu").click("Admin settings").click("Groups").sees("All Users")
                .click("Create a group").type("Group name", "Marketing").click("Create").noModal();
        browser.row("Marketing");
        assertThat(groupId("Marketing")).isPositive();
        browser.screenshot("20-groups");
    }

    @Test
    @Order(2)
    void a_duplicate_group_name_is_shown_in_the_form() {
        browser.click("Create a group").type("Group name", "marketing").click("Create")
                .sees("A group with that name already exists.");
        browser.click("Cancel").noModal();
    }

    @Test
    @Order(3)
    void members_are_added_and_removed_on_the_group_page() {
        long id = groupId("Marketing");
        browser.clickLink("Marketing").sees("No people in this group yet.").click("Add members")
                .choose("Person to add", "Rasta Toucan (rasta@metabase.com)").click("Add");
        browser.row("rasta@metabase.com");
        assertThat(memberEmails(id)).containsExactly(TestApp.MEMBER_EMAIL);
        browser.screenshot("21-group-members");
        browser.click("Remove Rasta Toucan from Marketing").sees("No people in this group yet.");
        assertThat(memberEmails(id)).isEmpty();
    }

    @Test
    @Order(4)
    void a_group_is_renamed_from_its_actions_menu() {
        browser.click("Groups").click("Actions for Marketing").click("Edit name")
                .type("Group name", "Growth").click("Save").noModal();
        browser.row("Growth");
        assertThat(groupId("Growth")).isPositive();
        assertThat(groupId("Marketing")).isEqualTo(-1);
    }

    @Test
    @Order(5)
    void removing_a_group_with_an_api_key_says_the_key_moves_to_all_users_and_it_keeps_working() {
        long growth = groupId("Growth");
        String key = app.api.as(app.admin).post("/api/api-key", Map.of("name", "Growth sync", "group_id", growth))
                .expect(200).json().get("unmasked_key").asText();
        browser.go("/admin/groups").row("Growth");
        browser.rowShowing("Growth", "1 (includes 1 API key)");
        browser.rowShowing("All Users", "(includes 1 API key)");
        browser.click("Actions for Growth").click("Remove group");
        assertThat(browser.modalText("Remove Growth and move its API key?"))
                .contains("will keep working, but will move to the All Users group");
        browser.screenshot("22-remove-group-with-key").click("Remove group and move API key").noModal();
        browser.noRow("Growth");
        assertThat(groupId("Growth")).isEqualTo(-1);
        JsonNode me = app.api.as(TestApp.key(key)).get("/api/user/current").expect(200).json();
        assertThat(me.get("group_ids").toString()).isEqualTo("[" + groupId("All Users") + "]");
    }

    @Test
    @Order(6)
    void removing_a_group_without_keys_asks_a_plain_confirmation() {
        app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Interns")).expect(200);
        browser.go("/admin/groups").click("Actions for Interns").click("Remove group");
        assertThat(browser.modalText("Remove Interns?")).contains("This can't be undone.");
        browser.click("Remove group").noModal();
        assertThat(groupId("Interns")).isEqualTo(-1);
    }

    @Test
    @Order(10)
    void a_new_person_gets_a_generated_password_shown_once_that_signs_them_in() {
        app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Analysts")).expect(200);
        browser.go("/").click("Settings menu").click("Admin settings").click("People").sees("rasta@metabase.com")
                .click("Add person").type("First name", "Lucky").type("Last name", "Pigeon")
                .type("Email", "lucky@metabase.com").check("Analysts").click("Add person");
        assertThat(browser.modalText("Lucky Pigeon has been added")).contains("won't be shown again");
        luckyPassword = browser.field("Their password").getAttribute("value");
        assertThat(luckyPassword).hasSize(16);
        browser.screenshot("23-person-added").click("Done").noModal();
        browser.row("lucky@metabase.com");
        app.api.anonymous().post("/api/session", Map.of("username", "lucky@metabase.com", "password", luckyPassword)).expect(200);
        JsonNode lucky = person("lucky@metabase.com");
        assertThat(lucky.get("group_ids").toString()).isEqualTo("[" + groupId("All Users") + "," + groupId("Analysts") + "]");
        browser.screenshot("24-people");
    }

    @Test
    @Order(11)
    void a_chosen_password_is_the_one_shown_and_used() {
        browser.click("Add person").type("First name", "Trash").type("Last name", "Bird")
                .type("Email", "trashbird@metabase.com").type("Password", "Chosen-passw0rd").click("Add person");
        assertThat(browser.field("Their password").getAttribute("value")).isEqualTo("Chosen-passw0rd");
        browser.click("Done").noModal();
        app.api.anonymous().post("/api/session", Map.of("username", "trashbird@metabase.com", "password", "Chosen-passw0rd")).expect(200);
    }

    @Test
    @Order(12)
    void search_narrows_the_list() {
        browser.type("Find someone", "lucky");
        browser.doesNotSee("rasta@metabase.com");
        browser.row("lucky@metabase.com");
        browser.type("Find someone", "");
        browser.sees("rasta@metabase.com");
    }

    @Test
    @Order(13)
    void editing_a_person_changes_their_name_and_groups() {
        browser.click("Actions for Lucky Pigeon").click("Edit person").type("Last name", "Pigeon II")
                .check("Administrators").click("Save").noModal();
        browser.rowShowing("lucky@metabase.com", "Lucky Pigeon II", "Admin");
        JsonNode lucky = person("lucky@metabase.com");
        assertThat(lucky.get("last_name").asText()).isEqualTo("Pigeon II");
        assertThat(lucky.get("is_superuser").asBoolean()).isTrue();
    }

    @Test
    @Order(14)
    void a_deactivated_person_cannot_sign_in_until_reactivated() {
        browser.click("Actions for Lucky Pigeon II").click("Deactivate");
        browser.modalText("Deactivate Lucky Pigeon II?");
        browser.click("Deactivate").noModal();
        browser.doesNotSee("lucky@metabase.com");
        app.api.anonymous().post("/api/session", Map.of("username", "lucky@metabase.com", "password", luckyPassword)).expect(401);
        browser.click("Deactivated").row("lucky@metabase.com");
        browser.screenshot("25-people-deactivated");
        browser.clickInRow("lucky@metabase.com", "Reactivate").click("Reactivate").noModal();
        browser.doesNotSee("lucky@metabase.com");
        browser.click("Active").row("lucky@metabase.com");
        app.api.anonymous().post("/api/session", Map.of("username", "lucky@metabase.com", "password", luckyPassword)).expect(200);
    }

    @Test
    @Order(15)
    void every_admin_page_fits_a_laptop_and_a_phone_without_sideways_scrolling() {
        String[] pages = {"/", "/admin/settings/general", "/admin/settings/authentication",
                "/admin/settings/authentication/api-keys", "/admin/people", "/admin/groups", "/admin/groups/" + groupId("Administrators")};
        try {
            for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
                browser.viewport(size[0], size[1]);
                for (String path : pages) {
                    browser.go(path).wait(d -> browser.js("return document.querySelector('[aria-busy]') === null "
                            + "&& document.querySelector('h1') !== null").equals(true));
                    assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth"))
                            .as(path + " at " + size[0]).isEqualTo(true);
                    assertThat(browser.js("return [...document.querySelectorAll('.table-wrap')].every(t => t.scrollWidth <= t.clientWidth)"))
                            .as("tables on " + path + " at " + size[0]).isEqualTo(true);
                    browser.screenshot("30-" + size[0] + path.replace('/', '-'));
                }
            }
        } finally {
            browser.viewport(1280, 800);
        }
    }

    @Test
    @Order(20)
    void a_member_sees_no_admin_settings_and_gets_a_clear_message_on_its_url() {
        browser.signOut().signIn(TestApp.MEMBER_EMAIL, TestApp.PASSWORD).click("Settings menu").button("Sign out");
        assertThat(browser.driver.findElements(By.xpath("//*[@role='menuitem' and normalize-space(.)='Admin settings']"))).isEmpty();
        for (String path : List.of("/admin/settings/authentication/api-keys", "/admin/people", "/admin/groups")) {
            browser.go(path).sees("Sorry, you don’t have permission to see that.");
            assertThat(browser.bodyText()).doesNotContain("Manage API Keys").doesNotContain("Add person");
        }
        browser.screenshot("26-member-forbidden");
    }

    /** The person as the admin list shows them (with group_ids). */
    static JsonNode person(String email) {
        for (JsonNode p : app.api.as(app.admin).get("/api/user?query=" + email).expect(200).json().get("data")) {
            if (p.get("email").asText().equals(email)) return p;
        }
        throw new AssertionError("no person " + email);
    }
}
