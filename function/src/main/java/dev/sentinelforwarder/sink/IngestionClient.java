package dev.sentinelforwarder.sink;

/** Sends one packed request to one DCR stream. Implementations are thread-safe. */
public interface IngestionClient {
    SendOutcome send(String stream, PackedRequest request);
}
