package dev.sentinelforwarder.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Test helpers: run a reader to the end and keep everything it returned. */
final class Reading {
    static final int MAX_LINE = 1024 * 1024;

    private Reading() {
    }

    static VpcFlowReader vpc(String text) {
        return new VpcFlowReader(utf8(text), MAX_LINE);
    }

    static CloudWatchReader cloudWatch(String text) {
        return new CloudWatchReader(utf8(text), MAX_LINE, Json.mapper());
    }

    static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static <R> List<Read<R>> readAll(RecordReader<R> reader) throws IOException {
        List<Read<R>> all = new ArrayList<>();
        try (reader) {
            Read<R> read;
            while ((read = reader.next()) != null) {
                all.add(read);
            }
        }
        return all;
    }

    static <R> List<R> values(List<Read<R>> reads) {
        return reads.stream().map(r -> ((Read.Record<R>) r).value()).toList();
    }

    static <R> List<R> readValues(String text, Function<InputStream, RecordReader<R>> open) throws IOException {
        return values(readAll(open.apply(utf8(text))));
    }
}
