package dev.latchkey.content.search;

import dev.latchkey.content.Content;
import dev.latchkey.content.ContentApiTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.content.Content.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/search?search_native_query=true also finds questions by the SQL of their native query (v0.48+). */
class NativeQuerySearchTest extends ContentApiTestBase {
    private long nativeCard(String name, Long collectionId, String sql) {
        Map<String, Object> body = Content.cardBody(name, collectionId);
        body.put("dataset_query", Map.of("database", 1, "type", "native", "native", Map.of("query", sql)));
        return app.api.as(app.admin).post("/api/card", body).expect(200).json().get("id").asLong();
    }

    private List<Long> search(String query) {
        return ids(app.api.as(app.admin).get("/api/search?" + query).expect(200).json().get("data"));
    }

    @Test
    void with_search_native_query_a_question_is_found_by_its_sql() {
        long card = nativeCard("Weekly revenue", null, "SELECT SUM(total) FROM orders_zq7 WHERE \"status\" = 'paid'");
        assertThat(search("q=orders_zq7&search_native_query=true")).containsExactly(card);
        assertThat(search("q=ORDERS_ZQ7%20sum&search_native_query=true")).containsExactly(card);
        assertThat(search("q=%22status%22&search_native_query=true&models=card")).contains(card);
    }

    @Test
    void without_it_the_sql_is_not_searched() {
        nativeCard("Monthly churn", null, "SELECT * FROM churn_kx4");
        assertThat(search("q=churn_kx4")).isEmpty();
        assertThat(search("q=churn_kx4&search_native_query=false")).isEmpty();
    }

    @Test
    void a_name_match_still_ranks_above_a_query_match() {
        long byQuery = nativeCard("Funnel", null, "SELECT * FROM signups_vv2");
        long byName = nativeCard("signups_vv2 by week", null, "SELECT 1");
        assertThat(search("q=signups_vv2&search_native_query=true")).containsExactly(byName, byQuery);
    }

    @Test
    void gui_questions_and_unreadable_ones_are_not_matched_on_their_query() {
        long gui = app.api.as(app.admin).post("/api/card", Map.of("name", "Gui one", "display", "table",
                "visualization_settings", Map.of(), "dataset_query", Map.of("database", 1, "type", "query",
                        "query", Map.of("source-table", 1, "native_hint", "mbq_gui_77")))).expect(200).json().get("id").asLong();
        long hidden = content.collection("Native hidden", null);
        content.grant(ALL_USERS, hidden, "none");
        nativeCard("Secret", hidden, "SELECT * FROM mbq_gui_77");
        assertThat(search("q=mbq_gui_77&search_native_query=true")).doesNotContain(gui);
        assertThat(ids(app.api.as(app.member).get("/api/search?q=mbq_gui_77&search_native_query=true").expect(200).json().get("data"))).isEmpty();
    }

    @Test
    void a_malformed_flag_is_a_400() {
        app.api.as(app.admin).get("/api/search?q=x&search_native_query=maybe").expect(400);
    }
}
