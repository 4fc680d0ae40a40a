package dev.latchkey.permissions;

import java.util.ArrayList;
import java.util.List;

/**
 * Collection location paths, the one reading of them: "/" for a top-level collection, "/4/9/" for one inside 9
 * inside 4 (root first; the collection's own id is not in it). Rights, the permission graph and collections use these.
 */
public final class Locations {
    private Locations() {}

    /** The ancestor ids, outermost first. */
    public static List<Long> ids(String location) {
        List<Long> out = new ArrayList<>();
        for (String part : location.split("/")) {
            if (!part.isEmpty()) out.add(Long.parseLong(part));
        }
        return out;
    }

    /** The id at the top of the collection's tree: the first id of its location, or itself when top-level. */
    public static long topLevelId(long id, String location) {
        if (location == null || location.equals("/")) return id;
        return Long.parseLong(location.substring(1, location.indexOf('/', 1)));
    }
}
