package dev.sentinelforwarder.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads back what a {@link FolderQuarantineStore} wrote. */
public final class QuarantineFiles {
    private QuarantineFiles() {
    }

    /** Every entry of every quarantine object under {@code folder}, in file order. */
    public static List<JsonNode> entries(Path folder) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank()) {
                            entries.add(Json.mapper().readTree(line));
                        }
                    }
                }
            }
        }
        return entries;
    }
}
