package dev.latchkey.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.latchkey.people.PeopleFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17: GET /api/user paged through in a stable order, searched by substring, personal collections in one go. */
class PeopleListingApiTest {
    static TestApp app;

    /** Names that tie on first name (and some on both names), in mixed case, so the order needs its tie-breakers. */
    @BeforeAll static void start() {
        app = TestApp.start();
        String[] firsts = {"ada", "Ada", "ADA", "Bo", "bo", "Zed", "mid_dle", "Mid%dle", "Émile"};
        String[] lasts = {"Smith", "smith", "Jones", "jones"};
        for (int i = 0; i < 36; i++) {
            app.api.as(app.admin).post("/api/user", Map.of("email", "listing" + i + "@example.com",
                    "first_name", firsts[i % firsts.length], "last_name", lasts[i % lasts.length])).expect(200);
        }
    }

    @AfterAll static void stop() { app.close(); }

    static JsonNode list(String query) { return app.api.as(app.admin).get("/api/user" + query).expect(200).json(); }

    @Nested
    class Paging {
        @Test
        void pages_of_seven_add_up_to_the_unpaged_list_in_the_same_order_without_repeats() {
            JsonNode all = list("");
            List<Long> paged = new ArrayList<>();
            long total = all.get("total").asLong();
            for (int offset = 0; offset < total; offset += 7) {
                JsonNode page = list("?limit=7&offset=" + offset);
                assertThat(page.get("total").asLong()).isEqualTo(total);
                assertThat(page.get("limit").asLong()).isEqualTo(7);
                assertThat(page.get("offset").asLong()).isEqualTo(offset);
                paged.addAll(ids(page.get("data")));
            }
            assertThat(paged).doesNotHaveDuplicates().isEqualTo(ids(all.get("data")));
            assertThat(paged).hasSize((int) total);
        }

        @Test
        void the_order_is_lower_first_name_then_lower_last_name_then_id() {
            List<JsonNode> people = new ArrayList<>();
            list("").get("data").forEach(people::add);
            Comparator<JsonNode> metabase = Comparator.comparing((JsonNode p) -> lower(p, "first_name"))
                    .thenComparing(p -> lower(p, "last_name")).thenComparing(p -> p.get("id").asLong());
            // letters only: how a database's collation ranks accents and punctuation is its own business
            List<JsonNode> ascii = people.stream().filter(p -> lower(p, "first_name").matches("[a-z]*")).toList();
            assertThat(ascii).isSortedAccordingTo(metabase);
        }

        @Test
        void a_page_past_the_end_is_empty_with_the_total() {
            JsonNode page = list("?limit=10&offset=5000");
            assertThat(page.get("data").size()).isZero();
            assertThat(page.get("total").asLong()).isEqualTo(list("").get("total").asLong());
        }

        @Test
        void every_person_comes_with_their_own_personal_collection() {
            JsonNode data = list("?limit=20&offset=3").get("data");
            HashSet<Long> collections = new HashSet<>();
            data.forEach(p -> {
                assertThat(p.get("personal_collection_id").isIntegralNumber()).isTrue();
                collections.add(p.get("personal_collection_id").asLong());
            });
            assertThat(collections).hasSize(data.size());
            long memberCollection = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            JsonNode member = list("?query=rasta").get("data").get(0);
            assertThat(member.get("personal_collection_id").asLong()).isEqualTo(memberCollection);
        }
    }

    @Nested
    class Search {
        @Test
        void matches_a_substring_of_first_name_last_name_or_email_in_any_case() {
            assertThat(names(list("?query=MIT"))).isNotEmpty().allMatch(n -> n.contains("smith"));
            assertThat(list("?query=isting1").get("total").asLong()).isEqualTo(11); // listing1, listing10-19
            assertThat(list("?query=aDa").get("total").asLong()).isEqualTo(12);
        }

        @Test
        void percent_and_underscore_are_literal_characters() {
            assertThat(names(list("?query=d_d"))).hasSize(4).allMatch(n -> n.startsWith("mid_dle"));
            assertThat(names(list("?query=d%25d"))).hasSize(4).allMatch(n -> n.startsWith("mid%dle"));
            assertThat(names(list("?query=%25%25"))).isEmpty();
        }

        @Test
        void a_search_pages_like_the_list_and_counts_only_matches() {
            JsonNode all = list("?query=smith");
            List<Long> paged = new ArrayList<>();
            for (int offset = 0; offset < all.get("total").asLong(); offset += 4) {
                paged.addAll(ids(list("?query=smith&limit=4&offset=" + offset).get("data")));
            }
            assertThat(paged).isEqualTo(ids(all.get("data")));
            assertThat(all.get("total").asLong()).isEqualTo(all.get("data").size());
        }
    }

    private static String lower(JsonNode p, String field) {
        return p.get(field).isNull() ? "" : p.get(field).asText().toLowerCase(Locale.ROOT);
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("data").forEach(p -> out.add((lower(p, "first_name") + " " + lower(p, "last_name"))));
        return out;
    }
}
