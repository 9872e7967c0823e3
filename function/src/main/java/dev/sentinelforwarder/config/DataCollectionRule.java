package dev.sentinelforwarder.config;

import java.net.URI;

/** One data collection rule the forwarder sends to: the Logs Ingestion endpoint that serves it, and its immutable id. */
public record DataCollectionRule(URI endpoint, String immutableId) {
    @Override
    public String toString() {
        return immutableId + " at " + endpoint;
    }
}
