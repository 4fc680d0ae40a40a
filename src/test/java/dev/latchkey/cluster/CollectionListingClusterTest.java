package dev.latchkey.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator's GET /api/collection is kept on each instance (issue 17): a collection created, renamed, moved or
 * archived, or a person's new personal collection, on one instance shows on the very next request to the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionListingClusterTest {
    Cluster cluster;

    @BeforeAll void start() {
        Cluster.assumeSharedDatabase();
        cluster = new Cluster(2);
    }

    @AfterAll void stop() { if (cluster != null) cluster.close(); }

    /** The collection as instance i lists it to an administrator (after warming its listing), or null. */
    JsonNode listed(int i, String query, long id) {
        for (JsonNode c : cluster.admin(i).get("/api/collection" + query).expect(200).json()) {
            if (c.get("id").asText().equals(String.valueOf(id))) return c;
        }
        return null;
    }

    long create(Api on, String name) {
        return on.post("/api/collection", Map.of("name", name)).expect(200).json().get("id").asLong();
    }

    @Test void a_collection_created_renamed_moved_and_archived_on_one_instance_shows_on_the_next_request_to_the_other() {
        cluster.admin(1).get("/api/collection").expect(200); // kept on 1
        long id = create(cluster.admin(0), "Made on 0 " + UUID.randomUUID());
        assertThat(listed(1, "", id)).isNotNull();
        cluster.admin(0).put("/api/collection/" + id, Map.of("name", "Renamed on 0")).expect(200);
        assertThat(listed(1, "", id).get("name").asText()).isEqualTo("Renamed on 0");
        long parent = create(cluster.admin(0), "Parent on 0");
        cluster.admin(0).put("/api/collection/" + id, Map.of("parent_id", parent)).expect(200);
        assertThat(listed(1, "", id).get("location").asText()).isEqualTo("/" + parent + "/");
        listed(1, "?archived=true", id);
        cluster.admin(0).put("/api/collection/" + parent, Map.of("archived", true)).expect(200);
        assertThat(listed(1, "", id)).isNull();
        assertThat(listed(1, "?archived=true", id)).isNotNull();
    }

    @Test void a_new_persons_personal_collection_made_on_one_instance_shows_on_the_next_request_to_the_other() {
        cluster.admin(0).get("/api/collection?personal-only=true").expect(200);
        long person = cluster.newPerson(1).get("id").asLong();
        assertThat(cluster.admin(0).get("/api/collection?personal-only=true").expect(200).json().findValues("personal_owner_id")
                .stream().map(JsonNode::asLong)).contains(person);
    }
}
