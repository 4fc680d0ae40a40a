package dev.latchkey.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens the channel's dedicated connection (outside the pool) with the application's database settings. */
final class Connections {
    /** The name the listener connection shows in pg_stat_activity, so operators (and tests) can find it. */
    static final String APPLICATION_NAME = "latchkey-invalidations";

    private final String url;
    private final String user;
    private final String password;

    Connections(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    Connection open() throws SQLException {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        if (url.startsWith("jdbc:postgresql:")) {
            p.setProperty("ApplicationName", APPLICATION_NAME);
            p.setProperty("tcpKeepAlive", "true");
        } else {
            p.setProperty("connectionAttributes", "program_name:" + APPLICATION_NAME);
        }
        p.setProperty("connectTimeout", url.startsWith("jdbc:postgresql:") ? "5" : "5000");
        Connection c = DriverManager.getConnection(url, p);
        c.setAutoCommit(true);
        return c;
    }
}
