package dev.sentinelforwarder.config;

import dev.sentinelforwarder.deflate.BodyCompressor;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.util.Map;

/**
 * How request bodies are gzipped: by which compressor, at which level.
 *
 * @param level 1 to {@link BodyCompressor#MAX_LEVEL} for every table (the JDK's compressor uses at most 9), or
 *     {@link #BY_TABLE}
 */
public record Compression(BodyCompressor compressor, int level) {
    /** Each table's own level: {@link #LIBDEFLATE_LEVELS} with libdeflate, 6 with zlib. */
    public static final int BY_TABLE = 0;

    /**
     * libdeflate's levels when none is set: for each table the lowest whose bodies are not larger than zlib's at
     * level 6 (the level before libdeflate), measured with bench on 200 MB generated objects (README, Choosing the
     * level). Tables not measured get 6. zlib, where libdeflate does not load, keeps 6 for every table: these levels
     * are libdeflate's, and zlib's own at 2 or 5 writes more bytes than at 6.
     */
    static final Map<TableSchema, Integer> LIBDEFLATE_LEVELS = Map.of(Tables.AWS_CLOUD_TRAIL, 5, Tables.AWS_GUARD_DUTY, 5,
            Tables.AWS_VPC_FLOW, 5, Tables.AWS_CLOUD_WATCH, 2);
    private static final int OTHER_TABLES = 6;

    public Compression {
        if (level != BY_TABLE) {
            compressor.effectiveLevel(level);
        }
    }

    /** The process's compressor ({@link BodyCompressor#loaded()}) at {@code level} (or {@link #BY_TABLE}). */
    public static Compression at(int level) {
        return new Compression(BodyCompressor.loaded(), level);
    }

    /** The level {@code table}'s bodies are deflated at. */
    public int levelFor(TableSchema table) {
        if (level != BY_TABLE) {
            return compressor.effectiveLevel(level);
        }
        return ownLevels() ? LIBDEFLATE_LEVELS.getOrDefault(table, OTHER_TABLES) : OTHER_TABLES;
    }

    /** A complete gzip member of {@code data[offset, offset + length)}, one of {@code table}'s bodies. */
    public byte[] gzip(TableSchema table, byte[] data, int offset, int length) {
        return compressor.gzip(data, offset, length, levelFor(table));
    }

    @Override
    public String toString() {
        if (level != BY_TABLE) {
            return compressor.id() + " level " + compressor.effectiveLevel(level);
        }
        if (!ownLevels()) {
            return compressor.id() + " level " + OTHER_TABLES + " for every table";
        }
        return compressor.id() + " levels by table: " + LIBDEFLATE_LEVELS.entrySet().stream().sorted(Map.Entry.comparingByKey(
                java.util.Comparator.comparing(TableSchema::name))).map(e -> e.getKey().name() + " " + levelFor(e.getKey()))
                .collect(java.util.stream.Collectors.joining(", ")) + ", others " + OTHER_TABLES;
    }

    private boolean ownLevels() {
        return compressor.isLibdeflate();
    }
}
