package dev.sentinelforwarder.config;

import java.util.List;

/**
 * A workspace the forwarder sends to: its data collection rules (an object's rows go to one of them, by a hash of its key)
 * and the identity that sends there.
 *
 * @param name how routing rules, log lines and metrics name it; {@link #DEFAULT} for the one the flat settings describe
 * @param identity the forwarder's own credentials, or the destination's managed identity where it has one
 * @param ownIdentity true when {@code identity} is the destination's own (its clientId), not the forwarder's
 */
public record Destination(String name, List<DataCollectionRule> rules, ForwarderConfig.AzureCredentialsSource identity,
        boolean ownIdentity) {
    /** The destination of INGESTION_ENDPOINT and DCR_IMMUTABLE_ID. */
    public static final String DEFAULT = "default";

    public Destination {
        rules = List.copyOf(rules);
    }

    /** The settings that name the identity, for what-to-fix messages. */
    public String identitySettings() {
        return ownIdentity ? "tenantId and clientId of destination " + name : "AZURE_TENANT_ID and AZURE_CLIENT_ID";
    }

    /** The settings that name the rules and their endpoints, for what-to-fix messages. */
    public String ruleSettings() {
        return name.equals(DEFAULT) ? "DCR_IMMUTABLE_ID and INGESTION_ENDPOINT" : "destination " + name + "'s rules and endpoint (DESTINATIONS)";
    }
}
