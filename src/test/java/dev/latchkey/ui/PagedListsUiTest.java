package dev.latchkey.ui;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: with a few thousand people, the People page, the Groups page and a group's member list show 25 rows at a
 * time fetched from the API, with previous / next and a total, and the people search asks the server as one types.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagedListsUiTest extends AdminBrowserTestBase {
    static final int PEOPLE = 2000;
    static final int TOTAL = PEOPLE + 2; // and the admin and the member TestApp seeds

    /** Pat Seed0000 … Pat Seed1999, through the API, four at a time; and 30 groups. */
    @BeforeAll
    static void seed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String n = String.format("%04d", i);
            done.add(pool.submit(() -> app.api.as(app.admin).post("/api/user", Map.of("email", "seed" + n + "@example.com",
                    "first_name", "Pat", "last_name", "Seed" + n)).expect(200)));
        }
        for (int i = 0; i < 30; i++) {
            String n = String.format("%02d", i);
            done.add(pool.submit(() -> app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Team " + n)).expect(200)));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
    }

    static int rows(org.openqa.selenium.WebDriver d, String table) {
        return d.findElements(By.cssSelector("[data-testid=" + table + "] tbody tr")).size();
    }

    @Test
    @Order(1)
    void the_people_page_shows_25_people_with_the_total_and_pages_forward_and_back() {
        browser.go("/admin/people").sees(TOTAL + " people").sees("1–25 of 2,002");
        browser.wait(d -> rows(d, "people-table") == 25);
        browser.row("seed0000@example.com");
        browser.screenshot("30-people-paged");
        browser.click("Next").sees("26–50 of 2,002").row("seed0024@example.com");
        browser.doesNotSee("seed0000@example.com");
        browser.click("Previous").sees("1–25 of 2,002").row("seed0000@example.com");
    }

    @Test
    @Order(2)
    void searching_asks_the_server_as_one_types_and_starts_at_the_first_page() {
        browser.click("Next").sees("26–50 of 2,002");
        browser.type("Find someone", "seed123");
        browser.sees("10 people"); // seed1230 … seed1239 (one page: no pager)
        browser.wait(d -> rows(d, "people-table") == 10);
        browser.row("seed1237@example.com");
        browser.type("Find someone", "seed1237");
        browser.sees("1 person");
        browser.wait(d -> rows(d, "people-table") == 1);
        browser.type("Find someone", "");
        browser.sees(TOTAL + " people");
    }

    @Test
    @Order(3)
    void the_groups_page_pages_through_the_groups() {
        browser.go("/admin/groups").row("Administrators");
        browser.wait(d -> rows(d, "groups-table") == 25);
        browser.sees("1–25");
        browser.click("Next").row("Team 29");
        browser.wait(d -> rows(d, "groups-table") == 32 - 25);
        browser.click("Previous").row("All Users");
    }

    @Test
    @Order(4)
    void a_groups_member_list_is_paged_too() {
        browser.go("/admin/groups").clickLink("All Users").sees(TOTAL + " members").sees("1–25 of 2,002");
        browser.wait(d -> rows(d, "members-table") == 25);
        browser.screenshot("31-group-members-paged");
        browser.click("Next").sees("26–50 of 2,002");
        browser.wait(d -> rows(d, "members-table") == 25);
    }
}
