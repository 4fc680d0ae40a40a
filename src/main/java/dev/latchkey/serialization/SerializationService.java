package dev.latchkey.serialization;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.content.cards.CardService;
import dev.latchkey.content.collections.CollectionService;
import dev.latchkey.content.dashboards.DashboardService;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.people.PeopleService;
import dev.latchkey.settings.Settings;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Serialization (Metabase's v2 format): export the instance's content as a directory of YAML files, packed as
 * .tar.gz for the API or written to a directory for the CLI, and import such a directory back. Admins only.
 * An import is one transaction: it either applies every file or, on the first problem, nothing (unless
 * continue_on_error, which skips the broken files and what depends on them).
 */
public final class SerializationService {
    static final String EXPORT_LOG = "export.log";

    private final Database db;
    private final Settings settings;
    private final PeopleService people;
    private final CollectionService collections;
    private final CardService cards;
    private final DashboardService dashboards;
    private final AuditLog audit;
    private final Exporter exporter;
    private final Importer importer;
    private final Archive.Limits limits;

    public SerializationService(Database db, Settings settings, PeopleService people, CollectionService collections,
                                CardService cards, DashboardService dashboards, AuditLog audit) {
        this.db = db;
        this.settings = settings;
        this.people = people;
        this.collections = collections;
        this.cards = cards;
        this.dashboards = dashboards;
        this.audit = audit;
        this.exporter = new Exporter(settings);
        this.importer = new Importer(settings);
        this.limits = Archive.Limits.DEFAULT;
    }

    /**
     * Who the command line acts as: the longest-standing active admin, so that imported content has a
     * fallback owner and the audit log names someone. Empty before setup.
     */
    public Optional<Actor> commandLineActor() {
        return people.firstActiveAdmin().map(u -> new Actor(u.id(), true, Actor.Via.SYSTEM));
    }

    /** A packed export: the directory name (also the archive's file name, plus .tar.gz) and the bytes. */
    public record ExportResult(String dirname, byte[] archive) {}

    public ExportResult export(Actor actor, ExportOptions options) {
        Check.permitted(actor.superuser());
        return db.inTransaction(h -> {
            SortedMap<String, byte[]> files = exporter.export(h, options, reader(actor, new People(people)));
            String dirname = options.dirname() != null ? options.dirname() : defaultDirname(settings.get(h, Settings.SITE_NAME).orElse("latchkey"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Archive.write(dirname, files, out);
            audit.record(h, actor.userId(), "serialization-export", "Serialization", null,
                    Map.of("files", files.size(), "dirname", dirname));
            return new ExportResult(dirname, out.toByteArray());
        });
    }

    /** CLI export: writes the files into {@code dir} and returns the export log. */
    public String exportTo(Actor actor, Path dir, ExportOptions options) {
        Check.permitted(actor.superuser());
        SortedMap<String, byte[]> files = db.inTransaction(h -> {
            SortedMap<String, byte[]> out = exporter.export(h, options, reader(actor, new People(people)));
            audit.record(h, actor.userId(), "serialization-export", "Serialization", null,
                    Map.of("files", out.size(), "directory", dir.toAbsolutePath().toString()));
            return out;
        });
        int stale = new Bundle(files).writeTo(dir);
        String log = new String(files.get(EXPORT_LOG), StandardCharsets.UTF_8);
        return stale == 0 ? log : log + "Removed " + stale + " YAML files of an earlier export that this one no longer has\n";
    }

    /** API import of an uploaded .tar.gz. Returns the log; any refusal is a 400 whose body is the log. */
    public String importArchive(Actor actor, InputStream upload, boolean continueOnError) {
        Check.permitted(actor.superuser());
        ImportLog log = new ImportLog();
        Bundle bundle;
        try {
            java.util.List<Rejected> refused = new java.util.ArrayList<>();
            bundle = Bundle.fromArchive(Archive.read(upload, limits, refused), refused);
        } catch (Rejected r) {
            log.error(r);
            throw AppError.badRequest(log.finish(false));
        }
        return importBundle(actor, bundle, continueOnError, log);
    }

    /** CLI import of a directory; the same rules and log as the API. */
    public String importFrom(Actor actor, Path dir, boolean continueOnError) {
        Check.permitted(actor.superuser());
        ImportLog log = new ImportLog();
        Bundle bundle;
        try {
            bundle = Bundle.fromDirectory(dir, limits);
        } catch (Rejected r) {
            log.error(r);
            throw AppError.badRequest(log.finish(false));
        }
        return importBundle(actor, bundle, continueOnError, log);
    }

    private String importBundle(Actor actor, Bundle bundle, boolean continueOnError, ImportLog log) {
        log.info("Importing " + bundle.files().size() + " files" + (continueOnError ? " (continue_on_error)" : ""));
        try {
            db.useTransaction(h -> {
                People cache = new People(people);
                importer.run(h, bundle, continueOnError, log, reader(actor, cache), writer(actor, cache));
                audit.record(h, actor.userId(), "serialization-import", "Serialization", null,
                        Map.of("files", bundle.files().size(), "created", log.created(), "updated", log.updated(),
                                "continue_on_error", continueOnError, "errors", log.errors()));
            });
        } catch (Rejected r) {
            log.error(r);
            throw AppError.badRequest(log.finish(false));
        } catch (RuntimeException e) {
            // A concurrent writer took an entity_id (or slug) first, or a value broke a column constraint:
            // the transaction is rolled back, so nothing changed; say so instead of answering 500.
            if (!isDatabaseRefusal(e)) throw e;
            log.error(new Rejected("database", "the database refused a change (" + rootMessage(e) + ")"));
            throw AppError.badRequest(log.finish(false));
        }
        return log.finish(true);
    }

    /** Fresh per export or import: the people cache lives for one operation. */
    private ContentReader reader(Actor actor, People cache) { return new ContentReader(collections, cards, dashboards, cache, actor); }

    private ContentWriter writer(Actor actor, People cache) { return new ContentWriter(collections, cards, dashboards, cache, actor); }

    static String defaultDirname(String siteName) {
        // ASCII only: the name also goes into the Content-Disposition header
        String slug = FileNames.label(siteName).replaceAll("[^a-z0-9_]", "_");
        return (slug.isEmpty() ? "latchkey" : slug) + "-"
                + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm"));
    }

    /** A unique violation or a data exception: the input's fault, not the server's. */
    static boolean isDatabaseRefusal(RuntimeException e) {
        var kind = SqlErrors.classify(e);
        return kind == SqlErrors.Kind.UNIQUE || kind == SqlErrors.Kind.DATA;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
