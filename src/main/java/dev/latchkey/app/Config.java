package dev.latchkey.app;

import dev.latchkey.db.DbSettings;
import dev.latchkey.db.DbType;
import dev.latchkey.settings.SettingDefinition;
import dev.latchkey.settings.SettingDefinitions;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings read once from the environment, with Metabase's variable names. Every bad value stops start-up
 * with a message that names the variable.
 */
public record Config(
        String host,
        int port,
        DbType dbType,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        long maxSessionAgeMinutes,
        boolean sessionThrottleDisabled,
        String passwordComplexity,
        int bcryptCost,
        Map<String, String> fixedSettings,
        Proxy proxy,
        Operations ops) {

    /**
     * The client-address header (MB_SOURCE_ADDRESS_HEADER) and the peers allowed to set it
     * (LATCHKEY_TRUSTED_PROXIES). With no trusted proxy the header is ignored: anyone can send it.
     */
    public record Proxy(String header, java.util.List<String> trusted) {
        public static final Proxy NONE = new Proxy("X-Forwarded-For", java.util.List.of());
    }

    /**
     * How Latchkey is run (issue 16): the Prometheus listener's port (null: no listener), the provisioning file
     * (null: none), the log format, "text" or "json" (logback.xml reads MB_LOG_FORMAT itself; it is checked here),
     * and the file of secret-scanning signing keys (issue 15; null: POST /api/api-key/leaked does not exist).
     */
    public record Operations(Integer prometheusPort, Path configFile, String logFormat, Path secretScanningKeys) {
        public static final Operations NONE = new Operations(null, null, "text", null);

        public Operations withPrometheusPort(Integer port) { return new Operations(port, configFile, logFormat, secretScanningKeys); }

        public Operations withConfigFile(Path file) { return new Operations(prometheusPort, file, logFormat, secretScanningKeys); }

        public Operations withSecretScanningKeys(Path file) { return new Operations(prometheusPort, configFile, logFormat, file); }
    }

    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) { super(message); }
    }

    /** The database part, as the db package takes it. */
    public DbSettings db() { return new DbSettings(dbType, jdbcUrl, dbUser, dbPassword); }

    public static Config fromEnv() { return fromEnv(System.getenv()); }

    public static Config fromEnv(Map<String, String> env) {
        String host = get(env, "MB_JETTY_HOST", "localhost");
        int port = (int) number(env, "MB_JETTY_PORT", 3000, 0, 65535);
        long maxAge = number(env, "MAX_SESSION_AGE", 20160, 1, 52L * 7 * 24 * 60 * 100);
        boolean noThrottle = bool(env, "MB_DISABLE_SESSION_THROTTLE", false);
        String complexity = get(env, "MB_PASSWORD_COMPLEXITY", "normal").toLowerCase();
        if (!complexity.matches("weak|normal|strong")) {
            throw new ConfigException("MB_PASSWORD_COMPLEXITY must be weak, normal or strong, got '" + complexity + "'");
        }
        int cost = (int) number(env, "LATCHKEY_BCRYPT_COST", 10, 4, 16);

        String uri = env.get("MB_DB_CONNECTION_URI");
        String typeRaw = get(env, "MB_DB_TYPE", uri != null ? guessType(uri) : "h2").toLowerCase();
        DbType type = switch (typeRaw) {
            case "h2" -> DbType.H2;
            case "postgres", "postgresql" -> DbType.POSTGRES;
            case "mysql", "mariadb" -> DbType.MYSQL;
            default -> throw new ConfigException("MB_DB_TYPE must be h2, postgres or mysql, got '" + typeRaw + "'");
        };
        String user = env.get("MB_DB_USER");
        String pass = env.get("MB_DB_PASS");
        String url;
        if (uri != null && !uri.isBlank()) {
            Parsed p = parseUri(uri, type);
            url = p.url;
            if (user == null) user = p.user;
            if (pass == null) pass = p.pass;
        } else if (type == DbType.H2) {
            String file = get(env, "MB_DB_FILE", "./latchkey");
            file = file.replaceFirst("\\.mv\\.db$", "");
            url = "jdbc:h2:file:" + Path.of(file).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        } else {
            String dbHost = get(env, "MB_DB_HOST", "localhost");
            long dbPort = number(env, "MB_DB_PORT", type == DbType.POSTGRES ? 5432 : 3306, 1, 65535);
            String name = env.get("MB_DB_DBNAME");
            if (name == null || name.isBlank()) throw new ConfigException("MB_DB_DBNAME is required when MB_DB_TYPE is " + typeRaw);
            url = (type == DbType.POSTGRES ? "jdbc:postgresql://" : "jdbc:mariadb://") + dbHost + ":" + dbPort + "/" + name;
        }
        return new Config(host, port, type, url, user, pass, maxAge, noThrottle, complexity, cost, fixedSettings(env), proxy(env), operations(env));
    }

    /** Settings (GET/PUT /api/setting) that their MB_* variable fixes, checked now so a bad value stops start-up. */
    private static Map<String, String> fixedSettings(Map<String, String> env) {
        try {
            return SettingDefinitions.fromEnv(env);
        } catch (SettingDefinition.Invalid e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The same configuration with settings fixed by these environment variables (tests; the rest stays). */
    public Config withSettingsEnv(Map<String, String> env) {
        return new Config(host, port, dbType, jdbcUrl, dbUser, dbPassword, maxSessionAgeMinutes, sessionThrottleDisabled,
                passwordComplexity, bcryptCost, fixedSettings(env), proxy, ops);
    }

    private static Operations operations(Map<String, String> env) {
        Integer prometheus = env.get("MB_PROMETHEUS_SERVER_PORT") == null || env.get("MB_PROMETHEUS_SERVER_PORT").isBlank()
                ? null : (int) number(env, "MB_PROMETHEUS_SERVER_PORT", 0, 0, 65535);
        String file = env.get("MB_CONFIG_FILE_PATH");
        Path configFile = file == null || file.isBlank() ? null : Path.of(file.trim());
        if (configFile != null && !java.nio.file.Files.isReadable(configFile)) {
            throw new ConfigException("MB_CONFIG_FILE_PATH names a file that cannot be read: " + configFile.toAbsolutePath());
        }
        String format = env.getOrDefault("MB_LOG_FORMAT", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException("MB_LOG_FORMAT must be text or json (lower case), got '" + format + "'");
        }
        return new Operations(prometheus, configFile, format, readableFile(env, "LATCHKEY_SECRET_SCANNING_KEYS"));
    }

    /** The file an environment variable names, or null when it is unset; a file that cannot be read stops start-up. */
    private static Path readableFile(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return null;
        Path file = Path.of(value.trim());
        if (!java.nio.file.Files.isReadable(file)) throw new ConfigException(name + " names a file that cannot be read: " + file.toAbsolutePath());
        return file;
    }

    public Config withOperations(Operations newOps) {
        return new Config(host, port, dbType, jdbcUrl, dbUser, dbPassword, maxSessionAgeMinutes, sessionThrottleDisabled, passwordComplexity, bcryptCost, fixedSettings, proxy, newOps);
    }

    /** The same configuration with another port and database, for tests and tools. */
    public Config withDatabase(DbType type, String url, String user, String pass) {
        return new Config(host, port, type, url, user, pass, maxSessionAgeMinutes, sessionThrottleDisabled, passwordComplexity, bcryptCost, fixedSettings, proxy, ops);
    }

    public Config withPort(int newPort) {
        return new Config(host, newPort, dbType, jdbcUrl, dbUser, dbPassword, maxSessionAgeMinutes, sessionThrottleDisabled, passwordComplexity, bcryptCost, fixedSettings, proxy, ops);
    }

    public Config withMaxSessionAge(long minutes) {
        return new Config(host, port, dbType, jdbcUrl, dbUser, dbPassword, minutes, sessionThrottleDisabled, passwordComplexity, bcryptCost, fixedSettings, proxy, ops);
    }

    public Config withProxy(Proxy newProxy) {
        return new Config(host, port, dbType, jdbcUrl, dbUser, dbPassword, maxSessionAgeMinutes, sessionThrottleDisabled, passwordComplexity, bcryptCost, fixedSettings, newProxy, ops);
    }

    public Config withBcryptCost(int cost) {
        return new Config(host, port, dbType, jdbcUrl, dbUser, dbPassword, maxSessionAgeMinutes, sessionThrottleDisabled, passwordComplexity, cost, fixedSettings, proxy, ops);
    }

    private static Proxy proxy(Map<String, String> env) {
        String header = get(env, "MB_SOURCE_ADDRESS_HEADER", "X-Forwarded-For");
        if (!header.matches("[A-Za-z0-9-]+")) throw new ConfigException("MB_SOURCE_ADDRESS_HEADER must be a header name, got '" + header + "'");
        java.util.List<String> trusted = new java.util.ArrayList<>();
        for (String p : get(env, "LATCHKEY_TRUSTED_PROXIES", "").split(",")) {
            String a = p.trim();
            if (a.isEmpty()) continue;
            if (!a.equals("*") && !a.matches("[0-9A-Fa-f.:]+")) {
                throw new ConfigException("LATCHKEY_TRUSTED_PROXIES must list IP addresses (or *), got '" + a + "'");
            }
            trusted.add(a);
        }
        return new Proxy(header, java.util.List.copyOf(trusted));
    }

    private record Parsed(String url, String user, String pass) {}

    private static Parsed parseUri(String uri, DbType type) {
        if (uri.startsWith("jdbc:")) {
            if (type == DbType.MYSQL && uri.startsWith("jdbc:mysql:")) uri = "jdbc:mariadb:" + uri.substring("jdbc:mysql:".length());
            return new Parsed(uri, null, null);
        }
        try {
            URI u = new URI(uri);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
            String prefix = switch (scheme) {
                case "postgres", "postgresql" -> "jdbc:postgresql://";
                case "mysql", "mariadb" -> "jdbc:mariadb://";
                default -> throw new ConfigException("MB_DB_CONNECTION_URI has an unknown scheme '" + scheme + "' (use postgres://, mysql:// or jdbc:...)");
            };
            if (u.getHost() == null) throw new ConfigException("MB_DB_CONNECTION_URI has no host: " + redact(uri));
            String user = null;
            String pass = null;
            if (u.getRawUserInfo() != null) {
                String[] parts = u.getUserInfo().split(":", 2);
                user = parts[0];
                pass = parts.length > 1 ? parts[1] : null;
            }
            String url = prefix + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getRawPath()
                    + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
            return new Parsed(url, user, pass);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("MB_DB_CONNECTION_URI is not a valid URI: " + e.getMessage());
        }
    }

    private static String guessType(String uri) {
        String u = uri.toLowerCase();
        if (u.startsWith("postgres") || u.startsWith("jdbc:postgresql")) return "postgres";
        if (u.startsWith("mysql") || u.startsWith("mariadb") || u.startsWith("jdbc:mysql") || u.startsWith("jdbc:mariadb")) return "mysql";
        if (u.startsWith("jdbc:h2")) return "h2";
        throw new ConfigException("MB_DB_CONNECTION_URI must start with postgres://, mysql:// or jdbc:, got " + redact(uri));
    }

    private static String redact(String uri) { return uri.replaceAll("//[^@/]*@", "//***@"); }

    private static String get(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) throw new ConfigException(name + " must be between " + min + " and " + max + ", got '" + v + "'");
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + v + "'");
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        if (v.trim().equalsIgnoreCase("true")) return true;
        if (v.trim().equalsIgnoreCase("false")) return false;
        throw new ConfigException(name + " must be true or false, got '" + v + "'");
    }
}
