package dev.latchkey.provisioning;

import dev.latchkey.apikeys.ApiKeySecrets;
import dev.latchkey.apikeys.ApiKeyService;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.auth.Passwords;
import dev.latchkey.core.AppError;
import dev.latchkey.db.Database;
import dev.latchkey.groups.GroupService;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import dev.latchkey.settings.Settings;
import dev.latchkey.setup.SetupService;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Provisioning from Metabase's config.yml shape (MB_CONFIG_FILE_PATH): {@code version: 1} and {@code config:} with
 * {@code settings}, {@code users} and {@code api-keys}. The whole file is read and checked first, then applied in
 * one transaction, so a bad file changes nothing and names the line and field to fix.
 * <p>
 * Idempotent, as Metabase's: settings are set to the file's values (a change made in the UI is overwritten at the
 * next start, as Metabase documents); a person whose email exists and a key whose name exists are left as they are;
 * nothing missing from the file is deleted. Keys are stored as digests only: a plaintext {@code key} (Latchkey
 * format or Metabase's {@code mb_...}) is hashed here, and {@code key_sha256} carries the digest itself.
 */
public final class Provisioner {
    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
    /** Metabase sections Latchkey has nothing to apply to; skipped with a warning rather than refused. */
    private static final Set<String> FOREIGN_SECTIONS = Set.of("databases");

    private final Database db;
    private final Settings settings;
    private final PeopleService people;
    private final GroupService groups;
    private final ApiKeyService apiKeys;
    private final SetupService setup;
    private final Passwords passwords;
    private final AuditLog audit;

    public Provisioner(Database db, Settings settings, PeopleService people, GroupService groups, ApiKeyService apiKeys,
                       SetupService setup, Passwords passwords, AuditLog audit) {
        this.db = db;
        this.settings = settings;
        this.people = people;
        this.groups = groups;
        this.apiKeys = apiKeys;
        this.setup = setup;
        this.passwords = passwords;
        this.audit = audit;
    }

    /** What one application changed: all zero when the file was applied before. */
    public record Result(int settingsChanged, int usersCreated, int keysCreated) {}

    private record SettingEntry(ConfigYaml.At at, String key, String value) {}

    private record UserEntry(ConfigYaml.At at, String email, String firstName, String lastName, String password, boolean superuser) {}

    private record KeyEntry(ConfigYaml.At at, String name, String group, String creator, Map<String, ConfigYaml.At> fields,
                            ApiKeySecrets.Stored stored) {}

    private record Plan(List<SettingEntry> settings, List<UserEntry> users, List<KeyEntry> keys) {}

    public Result apply(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid(0, "(file)", "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        Plan plan = read(new ConfigYaml(env), text);
        Result result = db.inTransaction(h -> apply(h, plan));
        log.info("Config file {} applied: {} settings changed, {} people created, {} API keys created",
                file, result.settingsChanged(), result.usersCreated(), result.keysCreated());
        return result;
    }

    private Plan read(ConfigYaml yaml, String text) {
        ConfigYaml.At root = yaml.parse(text);
        Map<String, ConfigYaml.At> top = ConfigYaml.map(root);
        ConfigYaml.only(top, root, "version", "config");
        ConfigYaml.At version = top.get("version");
        if (version == null) throw root.invalid("missing version (Latchkey reads version: 1)");
        if (!"1".equals(yaml.text(version)) && !"1.0".equals(yaml.text(version))) throw version.invalid("must be 1");
        ConfigYaml.At config = top.get("config");
        if (config == null || ConfigYaml.isNull(config)) return new Plan(List.of(), List.of(), List.of());
        Map<String, ConfigYaml.At> sections = ConfigYaml.map(config);
        for (Map.Entry<String, ConfigYaml.At> s : sections.entrySet()) {
            if (FOREIGN_SECTIONS.contains(s.getKey())) {
                log.warn("Config file line {}: section {} is Metabase's; Latchkey has nothing to apply it to", s.getValue().line(), s.getKey());
            } else if (!List.of("settings", "users", "api-keys").contains(s.getKey())) {
                throw s.getValue().invalid("unknown section " + s.getKey() + " (known: settings, users, api-keys)");
            }
        }
        return new Plan(settings(yaml, sections.get("settings")), users(yaml, sections.get("users")), keys(yaml, sections.get("api-keys")));
    }

    private List<SettingEntry> settings(ConfigYaml yaml, ConfigYaml.At section) {
        if (section == null || ConfigYaml.isNull(section)) return List.of();
        List<SettingEntry> out = new ArrayList<>();
        for (Map.Entry<String, ConfigYaml.At> e : ConfigYaml.map(section).entrySet()) {
            if (!Settings.ADJUSTABLE.contains(e.getKey())) {
                log.warn("Config file line {}: setting {} is not one Latchkey has; skipped", e.getValue().line(), e.getKey());
                continue;
            }
            String value = yaml.text(e.getValue());
            if (value != null && (value.isBlank() || value.indexOf('\0') >= 0)) {
                throw e.getValue().invalid("must be a non-blank string, or null to reset it");
            }
            out.add(new SettingEntry(e.getValue(), e.getKey(), value));
        }
        return out;
    }

    private List<UserEntry> users(ConfigYaml yaml, ConfigYaml.At section) {
        List<UserEntry> out = new ArrayList<>();
        for (ConfigYaml.At item : ConfigYaml.list(section)) {
            Map<String, ConfigYaml.At> f = ConfigYaml.map(item);
            ConfigYaml.only(f, item, "first_name", "last_name", "email", "password", "is_superuser");
            String email = yaml.required(f, "email", item);
            if (!email.matches("[^@\\s]+@[^@\\s]+") || email.length() > 254) throw f.get("email").invalid("must be an email address");
            String password = yaml.required(f, "password", item);
            try {
                passwords.checkComplexity("password", password);
            } catch (AppError e) {
                throw f.get("password").invalid("the password is too weak for MB_PASSWORD_COMPLEXITY");
            }
            out.add(new UserEntry(item, email, yaml.optional(f, "first_name"), yaml.optional(f, "last_name"), password,
                    yaml.bool(f, "is_superuser")));
        }
        return out;
    }

    private List<KeyEntry> keys(ConfigYaml yaml, ConfigYaml.At section) {
        List<KeyEntry> out = new ArrayList<>();
        for (ConfigYaml.At item : ConfigYaml.list(section)) {
            Map<String, ConfigYaml.At> f = ConfigYaml.map(item);
            ConfigYaml.only(f, item, "name", "group", "creator", "key", "key_sha256");
            String name = yaml.required(f, "name", item);
            if (name.length() > ApiKeyService.MAX_NAME) throw f.get("name").invalid("must be at most " + ApiKeyService.MAX_NAME + " characters");
            String group = yaml.required(f, "group", item);
            String creator = yaml.required(f, "creator", item);
            out.add(new KeyEntry(item, name, group, creator, f, stored(yaml, f, item)));
        }
        return out;
    }

    /** Exactly one of key (plaintext, hashed here) and key_sha256 (the digest from `latchkey api-key generate`). */
    private static ApiKeySecrets.Stored stored(ConfigYaml yaml, Map<String, ConfigYaml.At> f, ConfigYaml.At item) {
        if (f.containsKey("key") == f.containsKey("key_sha256")) throw item.invalid("give exactly one of key and key_sha256");
        if (f.containsKey("key")) {
            ApiKeySecrets.Stored s = ApiKeySecrets.Stored.ofKey(yaml.required(f, "key", item));
            if (s == null) {
                throw f.get("key").invalid("must be a Latchkey key (lk_..., 67 characters, valid checksum) or a Metabase key "
                        + "(mb_ then 8 to 251 characters of A-Z a-z 0-9 + / =)");
            }
            return s;
        }
        ApiKeySecrets.Stored s = ApiKeySecrets.Stored.ofDigest(yaml.required(f, "key_sha256", item));
        if (s == null) {
            throw f.get("key_sha256").invalid("must be lk_<key id>:<64 lower-case hex digits>, as `latchkey api-key generate` prints it");
        }
        return s;
    }

    private Result apply(Handle h, Plan plan) {
        int settingsChanged = 0;
        for (SettingEntry s : plan.settings()) {
            String current = settings.get(h, s.key()).orElse(null);
            if (Objects.equals(current, s.value())) continue;
            if (s.value() == null) settings.remove(h, s.key()); else settings.put(h, s.key(), s.value());
            audit.record(h, null, "setting-update", "Setting", null, java.util.Collections.singletonMap(s.key(), s.value()));
            settingsChanged++;
        }
        int usersCreated = 0;
        for (UserEntry u : plan.users()) {
            if (people.findByEmail(h, u.email()).isPresent()) continue;
            long id = onField(u.at(), "email", () -> settings.get(h, Settings.SETUP_DONE).isEmpty()
                    ? setup.createFirstAdmin(h, u.email(), u.firstName(), u.lastName(), u.password())
                    : people.create(h, u.email(), u.firstName(), u.lastName(), u.password(), User.PERSONAL,
                            u.superuser() ? Set.of(groups.adminId()) : Set.of()));
            audit.record(h, null, "user-invited", "User", id, Map.of("email", u.email().toLowerCase(java.util.Locale.ROOT)));
            usersCreated++;
        }
        int keysCreated = 0;
        for (KeyEntry k : plan.keys()) {
            if (apiKeys.nameExists(h, k.name())) continue; // Metabase: a key whose name exists is skipped
            Actor creator = creator(h, k.creator(), k.fields().get("creator"));
            long groupId = groups.idByName(h, k.group()).orElseThrow(() -> k.fields().get("group")
                    .invalid("no group is named " + k.group() + " (use admin, all-users or a group's name)"));
            onField(k.at(), "key", () -> apiKeys.createFromDigest(h, creator, k.name(), groupId, k.stored()));
            keysCreated++;
        }
        return new Result(settingsChanged, usersCreated, keysCreated);
    }

    /** Metabase: the creator is an admin's email; the key's audit rows and updated_by name them. */
    private Actor creator(Handle h, String email, ConfigYaml.At at) {
        User user = people.findByEmail(h, email).orElseThrow(() -> at.invalid("no person has the email " + email));
        if (!user.active() || !user.superuser()) throw at.invalid(email + " is not an active admin");
        return new Actor(user.id(), true, Actor.Via.SYSTEM);
    }

    /** A service's refusal (a 400 on some field) as a complaint about this entry's line. */
    private static <T> T onField(ConfigYaml.At entry, String field, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (AppError e) {
            throw new Invalid(entry.line(), entry.field() + "." + field, e.getMessage());
        }
    }
}
