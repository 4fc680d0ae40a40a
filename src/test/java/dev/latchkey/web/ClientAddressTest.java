package dev.latchkey.web;

import dev.latchkey.app.Config;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who the client is: the TCP peer, or what a trusted proxy says in MB_SOURCE_ADDRESS_HEADER. */
class ClientAddressTest {
    final ClientAddress untrusted = new ClientAddress("X-Forwarded-For", List.of());
    final ClientAddress behindNginx = new ClientAddress("X-Forwarded-For", List.of("127.0.0.1", "10.0.0.2"));

    @Test
    void without_a_trusted_proxy_the_header_is_ignored() {
        assertThat(untrusted.resolve("127.0.0.1", "203.0.113.5")).isEqualTo("127.0.0.1");
    }

    @Test
    void a_trusted_proxy_names_the_client_and_forged_entries_on_the_left_do_not_count() {
        assertThat(behindNginx.resolve("127.0.0.1", "203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(behindNginx.resolve("127.0.0.1", "6.6.6.6, 203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(behindNginx.resolve("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.2")).isEqualTo("203.0.113.5");
        assertThat(behindNginx.resolve("127.0.0.1", "[2001:db8::1]:443")).isEqualTo("2001:db8::1");
        assertThat(behindNginx.resolve("127.0.0.1", "198.51.100.1:5000")).isEqualTo("198.51.100.1");
        assertThat(behindNginx.resolve("127.0.0.1", null)).isEqualTo("127.0.0.1");
    }

    @Test
    void a_peer_that_is_not_a_trusted_proxy_cannot_set_the_header() {
        assertThat(behindNginx.resolve("192.0.2.9", "203.0.113.5")).isEqualTo("192.0.2.9");
    }

    @Test
    void the_settings_are_read_from_the_environment_and_checked() {
        Config c = Config.fromEnv(Map.of("MB_SOURCE_ADDRESS_HEADER", "X-Real-IP", "LATCHKEY_TRUSTED_PROXIES", "127.0.0.1, ::1"));
        assertThat(c.proxy().header()).isEqualTo("X-Real-IP");
        assertThat(c.proxy().trusted()).containsExactly("127.0.0.1", "::1");
        assertThat(Config.fromEnv(Map.of()).proxy().trusted()).isEmpty();
        assertThatThrownBy(() -> Config.fromEnv(Map.of("LATCHKEY_TRUSTED_PROXIES", "nginx.local")))
                .hasMessageContaining("LATCHKEY_TRUSTED_PROXIES");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("MB_SOURCE_ADDRESS_HEADER", "X Bad")))
                .hasMessageContaining("MB_SOURCE_ADDRESS_HEADER");
    }
}
