package dev.sentinelforwarder.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads back what the forwarder's quarantine wrote into a bucket. */
final class S3QuarantineEntries {
    static final String PREFIX = "sentinel-forwarder-quarantine/";

    private S3QuarantineEntries() {
    }

    /** Every entry of every quarantine object in the bucket, in key order. */
    static List<JsonNode> entries(S3Client s3, String bucket) throws IOException {
        return entries(s3, bucket, PREFIX);
    }

    /** The same, under a quarantine prefix of the deployment's own. */
    static List<JsonNode> entries(S3Client s3, String bucket, String prefix) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            try (InputStream in = new GZIPInputStream(s3.getObject(r -> r.bucket(bucket).key(object.key())))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        entries.add(Json.mapper().readTree(line));
                    }
                }
            }
        }
        return entries;
    }
}
