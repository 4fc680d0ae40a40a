package dev.latchkey.permissions;

import dev.latchkey.core.AppError;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pure rules of Rights: no database, no HTTP. */
class RightsTest {
    final Rights member = new Rights(7, false, 40L, Map.of(Rights.ROOT, Level.READ, 5L, Level.WRITE, 6L, Level.READ));

    @Test
    void a_collection_gets_exactly_the_granted_level_with_no_inheritance_from_its_parent() {
        assertThat(member.of(5L, "/")).isEqualTo(Level.WRITE);
        assertThat(member.of(6L, "/5/")).isEqualTo(Level.READ);
        assertThat(member.of(8L, "/5/")).isEqualTo(Level.NONE);
        assertThat(member.root()).isEqualTo(Level.READ);
        assertThat(member.of(null, null)).isEqualTo(Level.READ);
    }

    @Test
    void the_owner_writes_in_the_whole_personal_tree_and_nowhere_in_other_personal_trees() {
        assertThat(member.of(40L, "/")).isEqualTo(Level.WRITE);
        assertThat(member.of(41L, "/40/")).isEqualTo(Level.WRITE);
        assertThat(member.of(42L, "/40/41/")).isEqualTo(Level.WRITE);
        assertThat(member.of(400L, "/4/")).isEqualTo(Level.NONE);
        assertThat(member.of(50L, "/")).isEqualTo(Level.NONE);
    }

    @Test
    void superusers_write_everywhere() {
        Rights admin = new Rights(1, true, null, Map.of());
        assertThat(admin.of(99L, "/1/2/")).isEqualTo(Level.WRITE);
        assertThat(admin.root()).isEqualTo(Level.WRITE);
    }

    @Test
    void require_throws_403_and_readable_ids_leave_out_root_and_none() {
        assertThatThrownBy(() -> member.requireWrite(6L, "/")).isInstanceOf(AppError.class)
                .extracting(e -> ((AppError) e).status()).isEqualTo(403);
        member.requireRead(6L, "/");
        assertThat(member.grantedReadable()).containsExactlyInAnyOrder(5L, 6L);
    }

    @Test
    void levels_merge_to_the_highest() {
        assertThat(Level.READ.max(Level.WRITE)).isEqualTo(Level.WRITE);
        assertThat(Level.NONE.max(Level.READ)).isEqualTo(Level.READ);
        assertThat(Level.parse("x", "none")).isEqualTo(Level.NONE);
        assertThatThrownBy(() -> Level.parse("x", "admin")).isInstanceOf(AppError.class);
    }

    @Test
    void top_level_id_is_the_first_id_of_the_location() {
        assertThat(Locations.topLevelId(9, "/")).isEqualTo(9);
        assertThat(Locations.topLevelId(9, "/4/7/")).isEqualTo(4);
    }
}
