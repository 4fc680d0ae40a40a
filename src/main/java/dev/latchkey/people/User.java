package dev.latchkey.people;

/**
 * A row of core_user, without its password hash. loginAttributes is the stored JSON object text, or null.
 * Vocabulary: a user is any core_user row (a person, an API key's user, the internal user); a person is a user of
 * type "personal" (Person* views, /api/user lists only people); "people" is the feature and its package.
 */
public record User(long id, String email, String firstName, String lastName, String type, boolean active,
                   boolean superuser, String locale, String ssoSource, long dateJoined, Long lastLogin, long updatedAt,
                   boolean qbnewb, String loginAttributes) {

    public static final String PERSONAL = "personal";
    public static final String API_KEY = "api-key";
    public static final String INTERNAL = "internal";

    /** Metabase's common_name: "first last" trimmed, or the email when both names are empty. */
    public String commonName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
        return name.isEmpty() ? email : name;
    }

    public boolean isPersonal() { return PERSONAL.equals(type); }
}
