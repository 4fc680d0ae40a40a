package dev.latchkey.serialization;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** settings.yaml goes through the same rules as PUT /api/setting: a bad value refuses the import, a good one is normalised. */
class ImportSettingsRuleTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    private String setting(String key) { return app.api.as(app.admin).get("/api/setting/" + key).expect(200).json().asText(); }

    @Test
    void a_value_the_setting_refuses_refuses_the_import_naming_it() {
        String log = Serdes.importRefused(app, app.admin, new TarBuilder().file("d/settings.yaml",
                "site-name: Not imported\nstart-of-week: someday\n").tgz());
        assertThat(log).contains("settings.yaml").contains("start-of-week must be one of sunday");
        assertThat(setting("site-name")).isEqualTo("Latchkey tests");
        assertThat(setting("start-of-week")).isEqualTo("sunday");
    }

    @Test
    void a_good_value_is_stored_as_the_api_would_store_it() {
        Serdes.importOk(app, app.admin, new TarBuilder().file("d/settings.yaml", "site-locale: pt-br\nstart-of-week: Monday\n").tgz());
        assertThat(setting("site-locale")).isEqualTo("pt_BR");
        assertThat(setting("start-of-week")).isEqualTo("monday");
    }
}
