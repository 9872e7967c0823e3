package dev.sentinelforwarder.table;

/** What a mapper made of one raw record: a row, or the reason there is none. */
public sealed interface Mapping permits Mapping.Mapped, Mapping.Skipped {
    record Mapped(Row row) implements Mapping {
    }

    record Skipped(String reason) implements Mapping {
    }
}
