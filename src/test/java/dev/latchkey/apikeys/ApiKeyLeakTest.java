package dev.latchkey.apikeys;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Hashing;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** After create and regenerate, no table of the database and no log line holds a plaintext key or secret. */
class ApiKeyLeakTest {
    static TestApp app;
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    static Logger root;
    static Logger ours;
    static Level rootLevel;
    static Level ourLevel;

    @BeforeAll static void start() {
        root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ours = (Logger) LoggerFactory.getLogger("dev.latchkey");
        rootLevel = root.getLevel();
        ourLevel = ours.getLevel();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        ours.setLevel(Level.TRACE);
        app = TestApp.start();
    }

    @AfterAll static void stop() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        ours.setLevel(ourLevel);
        app.close();
    }

    @Test
    void no_table_and_no_log_line_contains_a_plaintext_key() throws Exception {
        JsonNode made = app.api.as(app.admin).post("/api/api-key", Map.of("name", "leak check", "group_id", 2)).expect(200).json();
        String first = made.get("unmasked_key").asText();
        app.api.withKey(first).get("/api/user/current").expect(200);
        String second = app.api.as(app.admin).put("/api/api-key/" + made.get("id").asLong() + "/regenerate", Map.of())
                .expect(200).json().get("unmasked_key").asText();
        app.api.withKey(first).get("/api/user/current").expect(401);
        app.api.withKey(second).get("/api/api-key").expect(200);
        app.api.withKey(second).get("/api/audit-log").expect(200);

        List<String> secrets = new ArrayList<>();
        for (String k : List.of(first, second)) {
            secrets.add(k);
            secrets.add(ApiKeySecrets.parse(k).secret());
        }
        List<String> cells = allCells();
        assertThat(String.join("\n", cells)).as("the scan reaches the stored digest")
                .contains(Hashing.sha256Hex(ApiKeySecrets.parse(second).secret()));
        for (String cell : cells) {
            for (String s : secrets) assertThat(cell).doesNotContain(s);
        }
        LoggerFactory.getLogger(ApiKeyService.class).debug("canary: the appender sees dev.latchkey debug lines");
        List<ILoggingEvent> captured;
        synchronized (logs) { // AppenderBase appends under this lock; background threads keep logging
            captured = new ArrayList<>(logs.list);
        }
        assertThat(captured).anyMatch(e -> e.getFormattedMessage().startsWith("canary"));
        for (ILoggingEvent e : captured) {
            String line = e.getFormattedMessage() + throwableText(e.getThrowableProxy());
            for (String s : secrets) assertThat(line).doesNotContain(s);
        }
    }

    /** Every value of every column of every table in the app's database, as text. */
    static List<String> allCells() throws Exception {
        return app.app.database().withHandle(h -> {
            Connection c = h.getConnection();
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[]{"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            }
            assertThat(tables).anyMatch(t -> t.equalsIgnoreCase("api_key")).anyMatch(t -> t.equalsIgnoreCase("audit_log"));
            String q = meta.getIdentifierQuoteString().trim();
            List<String> cells = new ArrayList<>();
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + q + table + q)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String v = rs.getString(i);
                            if (v != null) cells.add(table + ": " + v);
                        }
                    }
                }
            }
            return cells;
        });
    }

    static String throwableText(IThrowableProxy t) {
        StringBuilder sb = new StringBuilder();
        for (IThrowableProxy p = t; p != null; p = p.getCause()) sb.append('\n').append(p.getClassName()).append(": ").append(p.getMessage());
        return sb.toString();
    }
}
