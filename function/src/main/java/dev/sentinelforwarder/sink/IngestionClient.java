package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.config.DataCollectionRule;
import java.time.Duration;

/** Sends one packed request to one stream of one DCR. Implementations are thread-safe. */
public interface IngestionClient {
    DataCollectionRule rule();

    /** @param timeout the longest to wait for the answer; past it the attempt fails with no status */
    SendOutcome send(String stream, PackedRequest request, Duration timeout);

    /** Reads the credentials again and drops any cached token: after a 401, the secret may have been rotated. */
    void renewCredentials();
}
