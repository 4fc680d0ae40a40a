package dev.latchkey.app;

import dev.latchkey.db.DbType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Config.fromEnv: Metabase's variable names, defaults, and start-up errors that name the variable. */
class ConfigTest {

    static void failsNaming(Map<String, String> env, String variable) {
        assertThatThrownBy(() -> Config.fromEnv(env)).isInstanceOf(Config.ConfigException.class).hasMessageContaining(variable);
    }

    @Nested
    class Defaults {
        @Test
        void an_empty_environment_gives_h2_next_to_the_working_directory_on_localhost_3000() {
            Config c = Config.fromEnv(Map.of());
            assertThat(c.host()).isEqualTo("localhost");
            assertThat(c.port()).isEqualTo(3000);
            assertThat(c.dbType()).isEqualTo(DbType.H2);
            assertThat(c.jdbcUrl()).startsWith("jdbc:h2:file:" + Path.of("./latchkey").toAbsolutePath());
            assertThat(c.maxSessionAgeMinutes()).isEqualTo(20160);
            assertThat(c.sessionThrottleDisabled()).isFalse();
            assertThat(c.passwordComplexity()).isEqualTo("normal");
            assertThat(c.bcryptCost()).isEqualTo(10);
        }

        @Test
        void blank_values_count_as_unset() {
            assertThat(Config.fromEnv(Map.of("MB_JETTY_PORT", " ")).port()).isEqualTo(3000);
        }
    }

    @Nested
    class Values {
        @Test
        void port_host_session_age_and_throttle_are_read() {
            Config c = Config.fromEnv(Map.of("MB_JETTY_PORT", "3123", "MB_JETTY_HOST", "0.0.0.0", "MAX_SESSION_AGE", "60",
                    "MB_DISABLE_SESSION_THROTTLE", "TRUE", "MB_PASSWORD_COMPLEXITY", "Strong"));
            assertThat(c.port()).isEqualTo(3123);
            assertThat(c.host()).isEqualTo("0.0.0.0");
            assertThat(c.maxSessionAgeMinutes()).isEqualTo(60);
            assertThat(c.sessionThrottleDisabled()).isTrue();
            assertThat(c.passwordComplexity()).isEqualTo("strong");
        }

        @Test
        void an_h2_file_path_may_carry_the_mv_db_suffix() {
            Config c = Config.fromEnv(Map.of("MB_DB_FILE", "/tmp/lk/metabase.db.mv.db"));
            assertThat(c.jdbcUrl()).startsWith("jdbc:h2:file:/tmp/lk/metabase.db;");
        }

        @Test
        void a_postgres_uri_becomes_a_jdbc_url_with_its_credentials() {
            Config c = Config.fromEnv(Map.of("MB_DB_CONNECTION_URI", "postgres://lk:s3cret@db.internal:5433/latchkey?sslmode=require"));
            assertThat(c.dbType()).isEqualTo(DbType.POSTGRES);
            assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/latchkey?sslmode=require");
            assertThat(c.dbUser()).isEqualTo("lk");
            assertThat(c.dbPassword()).isEqualTo("s3cret");
        }

        @Test
        void a_mysql_uri_uses_the_mariadb_driver_and_explicit_user_wins() {
            Config c = Config.fromEnv(Map.of("MB_DB_CONNECTION_URI", "mysql://a:b@127.0.0.1/lk", "MB_DB_USER", "other"));
            assertThat(c.dbType()).isEqualTo(DbType.MYSQL);
            assertThat(c.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1/lk");
            assertThat(c.dbUser()).isEqualTo("other");
            assertThat(c.dbPassword()).isEqualTo("b");
        }

        @Test
        void host_port_and_name_build_a_url_with_the_databases_default_port() {
            Config pg = Config.fromEnv(Map.of("MB_DB_TYPE", "postgres", "MB_DB_HOST", "h", "MB_DB_DBNAME", "lk",
                    "MB_DB_USER", "u", "MB_DB_PASS", "p"));
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/lk");
            assertThat(pg.dbUser()).isEqualTo("u");
            assertThat(pg.dbPassword()).isEqualTo("p");
            Config maria = Config.fromEnv(Map.of("MB_DB_TYPE", "mysql", "MB_DB_DBNAME", "lk"));
            assertThat(maria.jdbcUrl()).isEqualTo("jdbc:mariadb://localhost:3306/lk");
        }
    }

    @Nested
    class BadValues {
        @Test
        void a_non_numeric_or_out_of_range_port_names_mb_jetty_port() {
            failsNaming(Map.of("MB_JETTY_PORT", "abc"), "MB_JETTY_PORT");
            failsNaming(Map.of("MB_JETTY_PORT", "70000"), "MB_JETTY_PORT");
        }

        @Test
        void a_bad_session_age_names_max_session_age() {
            failsNaming(Map.of("MAX_SESSION_AGE", "0"), "MAX_SESSION_AGE");
            failsNaming(Map.of("MAX_SESSION_AGE", "two weeks"), "MAX_SESSION_AGE");
        }

        @Test
        void an_unknown_database_type_names_mb_db_type() {
            failsNaming(Map.of("MB_DB_TYPE", "oracle"), "MB_DB_TYPE");
        }

        @Test
        void a_server_database_without_a_name_names_mb_db_dbname() {
            failsNaming(Map.of("MB_DB_TYPE", "postgres"), "MB_DB_DBNAME");
        }

        @Test
        void a_bad_database_port_names_mb_db_port() {
            failsNaming(Map.of("MB_DB_TYPE", "mysql", "MB_DB_DBNAME", "x", "MB_DB_PORT", "-1"), "MB_DB_PORT");
        }

        @Test
        void a_bad_connection_uri_names_mb_db_connection_uri_without_leaking_the_password() {
            failsNaming(Map.of("MB_DB_CONNECTION_URI", "oracle://u:pw@h/db"), "MB_DB_CONNECTION_URI");
            assertThatThrownBy(() -> Config.fromEnv(Map.of("MB_DB_CONNECTION_URI", "oracle://u:topsecret@h/db")))
                    .hasMessageNotContaining("topsecret");
        }

        @Test
        void bad_flags_name_their_variable() {
            failsNaming(Map.of("MB_DISABLE_SESSION_THROTTLE", "yes"), "MB_DISABLE_SESSION_THROTTLE");
            failsNaming(Map.of("MB_PASSWORD_COMPLEXITY", "extreme"), "MB_PASSWORD_COMPLEXITY");
            failsNaming(Map.of("LATCHKEY_BCRYPT_COST", "3"), "LATCHKEY_BCRYPT_COST");
        }

        @Test
        void bad_operations_settings_name_their_variable() {
            failsNaming(Map.of("MB_LOG_FORMAT", "xml"), "MB_LOG_FORMAT");
            failsNaming(Map.of("MB_LOG_FORMAT", "JSON"), "MB_LOG_FORMAT");
            failsNaming(Map.of("MB_PROMETHEUS_SERVER_PORT", "metrics"), "MB_PROMETHEUS_SERVER_PORT");
            failsNaming(Map.of("MB_PROMETHEUS_SERVER_PORT", "70000"), "MB_PROMETHEUS_SERVER_PORT");
            failsNaming(Map.of("MB_CONFIG_FILE_PATH", "/no/such/config.yml"), "MB_CONFIG_FILE_PATH");
            Config ok = Config.fromEnv(Map.of("MB_LOG_FORMAT", "json", "MB_PROMETHEUS_SERVER_PORT", "9191"));
            assertThat(ok.ops().logFormat()).isEqualTo("json");
            assertThat(ok.ops().prometheusPort()).isEqualTo(9191);
        }
    }
}
