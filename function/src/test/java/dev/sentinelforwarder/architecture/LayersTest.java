package dev.sentinelforwarder.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The function's packages import only downward: each may use the ones listed before it (and itself), never one listed
 * after it. The order is the one ARCHITECTURE.md draws; a new package has to take its place here, or this fails. A
 * package belongs to the longest name listed that it is or lies under: format.parquet is format, handler.batch itself.
 */
class LayersTest {
    /** Bottom first. */
    static final List<String> LAYERS = List.of(
            "metrics", "clock", "deflate",  // the ground floor: names, time, the deflate library
            "source",                        // an object's bytes: references, streams, ranges, read errors
            "format",                        // one reader per log format
            "table",                         // the tables: schemas, one mapper each, which type fills which table
            "pipeline",                      // one object: read, map, filter, hand to a sink
            "notification",                  // what a queue message asks for
            "config",                        // the settings, read once
            "observe",                       // log lines and metrics
            "ledger", "queue",               // what AWS keeps for the forwarder
            "quarantine",                    // what could not be sent
            "sink",                          // rows to the Logs Ingestion API
            "cloudwatch",                    // the companion
            "sample",                        // generated logs (SnapStart priming)
            "handler.cost",                  // what a failure costs: the object, and what else in the batch it stops
            "handler.report",                // an object's log line and metrics, and what became of it
            "handler.forward",               // one object forwarded
            "handler.replay",                // one quarantine object sent again
            "handler.batch",                 // one SQS batch
            "handler");                      // the Lambda handler and its wiring

    @Test
    void everyImportPointsDown() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sentinelforwarder");
        assertThat(classes).isNotEmpty();

        TreeSet<String> upward = new TreeSet<>();
        TreeSet<String> unplaced = new TreeSet<>();
        for (JavaClass origin : classes) {
            int from = rank(origin, unplaced);
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (!target.getPackageName().startsWith("dev.sentinelforwarder.")) {
                    continue;
                }
                int to = rank(target, unplaced);
                if (from >= 0 && to > from) {
                    upward.add(layer(origin) + " -> " + layer(target) + ": " + origin.getSimpleName() + " uses "
                            + target.getSimpleName());
                }
            }
        }
        assertThat(unplaced).as("packages with no place in LAYERS").isEmpty();
        assertThat(upward).as("imports that point up").isEmpty();
    }

    /** The same over the sources' imports: a constant a class reads is compiled into it and leaves no class reference. */
    @Test
    void everyImportStatementPointsDown() throws IOException {
        TreeSet<String> upward = new TreeSet<>();
        Path root = Path.of("src", "main", "java", "dev", "sentinelforwarder");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = layer("dev.sentinelforwarder." + root.relativize(file.getParent()).toString().replace('/', '.'));
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String to = layer(imports.group(2));
                    assertThat(LAYERS).as("the layer of " + file + "'s import of " + to).contains(from, to);
                    if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                        upward.add(from + " -> " + to + ": " + file.getFileName() + " imports " + imports.group(1));
                    }
                }
            }
        }
        assertThat(upward).as("imports that point up").isEmpty();
    }

    /** The package an import names: the part before the first capitalised name. */
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?((dev\\.sentinelforwarder(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z][\\w.]*);");

    private static int rank(JavaClass type, TreeSet<String> unplaced) {
        int rank = LAYERS.indexOf(layer(type));
        if (rank < 0) {
            unplaced.add(type.getPackageName());
        }
        return rank;
    }

    private static String layer(JavaClass type) {
        return layer(type.getPackageName());
    }

    /** The longest name of {@link #LAYERS} that {@code pkg} is or lies under, or the package itself when none is. */
    private static String layer(String pkg) {
        String rest = pkg.substring("dev.sentinelforwarder.".length());
        return LAYERS.stream().filter(l -> rest.equals(l) || rest.startsWith(l + ".")).max(java.util.Comparator.comparingInt(String::length))
                .orElse(rest);
    }
}
