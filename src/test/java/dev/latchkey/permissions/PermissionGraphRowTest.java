package dev.latchkey.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The graph writer's row template: one group's row is the all-"none" row with only its own cells patched in. */
class PermissionGraphRowTest {
    private static String text(PermissionGraph.Row row) {
        int len = row.finish();
        return new String(row.bytes(), 0, len, StandardCharsets.US_ASCII);
    }

    @Test
    void a_row_without_cells_is_none_everywhere_root_first_then_collections_in_id_order() {
        PermissionGraph.Row row = new PermissionGraph.Row(new long[] {3, 10, 200});
        row.start();
        assertThat(text(row)).isEqualTo("{\"root\":\"none\",\"3\":\"none\",\"10\":\"none\",\"200\":\"none\"}");
    }

    @Test
    void set_cells_replace_none_and_cells_outside_the_graph_are_passed_over() {
        PermissionGraph.Row row = new PermissionGraph.Row(new long[] {3, 10, 200});
        row.start();
        row.set(Rights.ROOT, Level.READ);
        row.set(2, Level.WRITE);   // not in the graph (e.g. inside a personal tree)
        row.set(10, Level.WRITE);
        row.set(150, Level.READ);  // not in the graph
        row.set(200, Level.READ);
        JsonNode parsed = Json.read(text(row));
        assertThat(parsed.toString()).isEqualTo("{\"root\":\"read\",\"3\":\"none\",\"10\":\"write\",\"200\":\"read\"}");
    }

    @Test
    void the_row_is_reused_for_the_next_group_without_leftovers() {
        PermissionGraph.Row row = new PermissionGraph.Row(new long[] {3, 10});
        row.start();
        row.set(3, Level.WRITE);
        text(row);
        row.start();
        row.set(10, Level.READ);
        assertThat(text(row)).isEqualTo("{\"root\":\"none\",\"3\":\"none\",\"10\":\"read\"}");
    }

    @Test
    void the_administrators_row_is_write_everywhere_whatever_rows_it_has() {
        PermissionGraph.Row row = new PermissionGraph.Row(new long[] {3, 10});
        row.start();
        row.all(Level.WRITE);
        row.set(3, Level.NONE);
        assertThat(text(row)).isEqualTo("{\"root\":\"write\",\"3\":\"write\",\"10\":\"write\"}");
    }

    @Test
    void an_empty_graph_has_only_root() {
        PermissionGraph.Row row = new PermissionGraph.Row(new long[0]);
        row.start();
        row.set(Rights.ROOT, Level.WRITE);
        assertThat(text(row)).isEqualTo("{\"root\":\"write\"}");
    }
}
