package dev.latchkey.ui;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** How the jar serves the admin UI: the app shell on deep links, a strict CSP, no inline script. */
class UiServingTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    @Test
    void a_deep_link_is_answered_with_the_app_shell_so_a_reload_lands_on_the_same_page() {
        var shell = app.api.anonymous().get("/").expect(200);
        var deep = app.api.anonymous().get("/admin/settings/authentication/api-keys").expect(200);
        assertThat(deep.header("Content-Type")).startsWith("text/html");
        assertThat(deep.text()).isEqualTo(shell.text()).contains("<script type=\"module\" src=\"/js/main.js\"></script>");
        app.api.anonymous().get("/admin/groups/12").expect(200);
    }

    @Test
    void ui_responses_carry_a_content_security_policy_that_allows_only_the_apps_own_files() {
        for (String path : new String[] {"/", "/admin/people", "/js/main.js", "/css/app.css"}) {
            String csp = app.api.anonymous().get(path).expect(200).header("Content-Security-Policy");
            assertThat(csp).as(path).contains("default-src 'self'").contains("script-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        }
    }

    @Test
    void the_app_shell_preloads_every_module_of_the_app_and_each_is_served() throws Exception {
        String shell = app.api.anonymous().get("/").expect(200).text();
        java.util.Set<String> preloaded = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">").matcher(shell);
        while (m.find()) preloaded.add(m.group(1));
        java.nio.file.Path js = java.nio.file.Path.of("src/main/resources/public");
        java.util.Set<String> modules = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.walk(js.resolve("js"))) {
            files.filter(f -> f.toString().endsWith(".js")).map(f -> "/" + js.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !f.equals("/js/main.js")).forEach(modules::add);
        }
        assertThat(preloaded).as("modulepreload links in index.html").isEqualTo(modules);
        for (String module : preloaded) assertThat(app.api.anonymous().get(module).status()).as(module).isEqualTo(200);
    }

    @Test
    void the_app_shell_has_no_inline_script_or_style() {
        String html = app.api.anonymous().get("/").expect(200).text();
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isPositive();
        assertThat(html).doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern(" on[a-z]+=");
    }

    @Test
    void a_missing_file_is_still_404_and_api_paths_never_get_the_shell() {
        app.api.anonymous().get("/js/missing.js").expect(404);
        var api = app.api.anonymous().header("Accept", "text/html").get("/api/does-not-exist").expect(404);
        assertThat(api.text()).doesNotContain("<html");
        app.api.anonymous().post("/admin/people", "{}").expect(404);
    }

    @Test
    void another_site_cannot_sign_a_visitor_in_with_a_form_post() {
        String body = "{\"username\": \"" + TestApp.MEMBER_EMAIL + "\", \"password\": \"" + TestApp.PASSWORD + "\"}";
        var crossSite = app.api.anonymous().header("Origin", "https://evil.example").post("/api/session", body).expect(403);
        assertThat(crossSite.headers("Set-Cookie")).isEmpty();
        app.api.anonymous().header("Sec-Fetch-Site", "cross-site").post("/api/session", body).expect(403);
        String sameOrigin = app.api.base().replaceFirst("^http://", "");
        app.api.anonymous().header("Origin", "http://" + sameOrigin).post("/api/session", body).expect(200);
        app.api.anonymous().post("/api/session", body).expect(200); // curl and other clients send no Origin
    }
}
