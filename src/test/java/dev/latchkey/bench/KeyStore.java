package dev.latchkey.bench;

import dev.latchkey.apikeys.ApiKeySecrets;
import dev.latchkey.apikeys.ApiKeyService;
import dev.latchkey.app.App;
import dev.latchkey.app.Config;
import dev.latchkey.core.Actor;
import dev.latchkey.core.Authenticator;
import dev.latchkey.auth.UserEvents;
import dev.latchkey.db.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An H2 database holding a given number of API keys, wired like the app (the same services, no HTTP), for the
 * benchmarks. The database (target/bench/NAME.mv.db) and the plaintexts of its first keys (NAME.sample, throwaway
 * benchmark keys only) are reused by later forks, so the 1M-key database is built once per run directory.
 * Bulk keys are inserted with JDBC batches (creating 1M keys through the API would take the whole budget);
 * their rows are exactly what the service writes, minus group memberships, which verification never reads.
 */
final class KeyStore implements AutoCloseable {
    static final long FIRST_BULK_ID = 10_000_000L;

    final App app;
    final Database db;
    final UserEvents events;
    final ApiKeyService keys;
    final Authenticator authenticator;
    final Actor admin;
    /** Plaintext keys and their users' ids, for the first `sample` bulk keys. */
    final List<String> sampleKeys = new ArrayList<>();
    final List<Long> sampleUserIds = new ArrayList<>();

    KeyStore(String name, int keyCount, int sample) throws Exception {
        Path dir = Path.of("target", "bench").toAbsolutePath();
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Path sampleFile = Path.of(file + ".sample");
        boolean reuse = keyCount > 0 && Files.exists(sampleFile) && Files.exists(Path.of(file + ".mv.db"));
        if (!reuse) {
            for (String suffix : List.of(".mv.db", ".trace.db", ".sample")) Files.deleteIfExists(Path.of(file + suffix));
        }
        Config config = Config.fromEnv(Map.of("MB_DB_FILE", file.toString()));
        this.app = new App(config);
        this.db = app.database();
        this.events = app.userEvents();
        this.keys = app.apiKeys();
        this.authenticator = keys.authenticator();
        // The acting admin only has to exist (creator_id, updated_by_id); the service checks Actor.superuser.
        long adminId = FIRST_BULK_ID - 1;
        if (!reuse) {
            db.useTransaction(h -> h.execute("INSERT INTO core_user (id, email, first_name, last_name, type, is_active, "
                    + "is_superuser, date_joined, updated_at) VALUES (?, 'bench-admin@example.com', 'Bench', 'Admin', "
                    + "'personal', TRUE, TRUE, 0, 0)", adminId));
        }
        this.admin = new Actor(adminId, true, Actor.Via.SYSTEM);
        if (!reuse) {
            bulkInsert(keyCount, sample, adminId);
            Files.write(sampleFile, sampleKeys);
        }
        sampleKeys.clear();
        sampleUserIds.clear();
        List<String> lines = Files.readAllLines(sampleFile);
        for (int i = 0; i < Math.min(sample, lines.size()); i++) {
            sampleKeys.add(lines.get(i));
            sampleUserIds.add(FIRST_BULK_ID + i);
        }
    }

    private void bulkInsert(int count, int sample, long adminId) throws Exception {
        ApiKeySecrets secrets = new ApiKeySecrets();
        long now = System.currentTimeMillis();
        db.<Void, Exception>withHandle(h -> {
            Connection c = h.getConnection();
            c.setAutoCommit(false);
            try (PreparedStatement users = c.prepareStatement("INSERT INTO core_user (id, email, first_name, last_name, type, "
                    + "is_active, is_superuser, date_joined, updated_at) VALUES (?, ?, ?, '', 'api-key', TRUE, FALSE, ?, ?)");
                 PreparedStatement rows = c.prepareStatement("INSERT INTO api_key (id, user_id, name, name_hash, key_id, "
                         + "secret_hash, creator_id, updated_by_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    long id = FIRST_BULK_ID + i;
                    ApiKeySecrets.Generated key = secrets.generate();
                    String name = "bulk key " + i;
                    users.setLong(1, id);
                    users.setString(2, "api-key-user-bulk-" + i + "@api-key.invalid");
                    users.setString(3, name);
                    users.setLong(4, now);
                    users.setLong(5, now);
                    users.addBatch();
                    rows.setLong(1, id);
                    rows.setLong(2, id);
                    rows.setString(3, name);
                    rows.setString(4, dev.latchkey.core.Hashing.sha256Hex(name));
                    rows.setString(5, key.keyId());
                    rows.setString(6, key.secretHashHex());
                    rows.setLong(7, adminId);
                    rows.setLong(8, adminId);
                    rows.setLong(9, now);
                    rows.setLong(10, now);
                    rows.addBatch();
                    if (i < sample) {
                        sampleKeys.add(key.plaintext());
                        sampleUserIds.add(id);
                    }
                    if (i % 10_000 == 9_999 || i == count - 1) {
                        users.executeBatch();
                        rows.executeBatch();
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
            return null;
        });
    }

    @Override
    public void close() { app.close(); }
}
