package dev.latchkey.db;

/** The three databases Latchkey runs on (MariaDB counts as MYSQL, Metabase's name for it). */
public enum DbType { H2, POSTGRES, MYSQL }
