package dev.sentinelforwarder.handler;

import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.sample.LogGenerator;
import dev.sentinelforwarder.sink.AwsIdentityTokens;
import dev.sentinelforwarder.sink.RequestPacker;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.crac.Context;
import org.crac.Resource;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * SnapStart priming: before Lambda snapshots the initialised function, run the hot path (decompress,
 * parse, map, serialise, compress) on generated objects of every type and load the HTTP and credential
 * classes, so the first real invocation after a restore starts with warm code. Nothing here touches the
 * network, and nothing time- or connection-bound is created, so there is nothing to refresh on restore:
 * tokens are fetched and S3 connections opened on first use.
 */
final class SnapStartPriming implements Resource {
    /** Each table's default level: the native compressor's code is the same at every level. */
    private static final Compression PRIMING = Compression.at(Compression.BY_TABLE);
    private long rowsPrimed;

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Deadlines, tokens and connections are all made per invocation or on first use: nothing to renew.
    }

    /** Runs the pipeline on about 1 MB of each log type; returns the rows it made. */
    long prime() throws IOException {
        Path dir = Files.createTempDirectory("priming");
        try {
            ObjectConverter converter = new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE);
            for (LogType type : LogType.values()) {
                Path file = dir.resolve(type.id() + ".gz");
                LogGenerator.generate(type, 1, file, 7);
                RequestPacker packer = new RequestPacker(Tables.of(type), RowFormat.COMPACT, PRIMING, request -> { });
                try (InputStream in = Files.newInputStream(file)) {
                    // No ranges: priming reads the text formats only, so Parquet's classes stay unloaded until one is seen.
                    converter.convert(file.toString(), file.toString(), in, null, type, Instant.EPOCH,
                            (row, record) -> {
                                packer.pack(row, record);
                                rowsPrimed++;
                            }, problem -> { });
                }
                packer.flush();
                Files.delete(file);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        // Load what the first request needs, without sending anything.
        GetObjectRequest.builder().bucket("priming").key("priming").versionId("v").build();
        AwsIdentityTokens.request();
        for (String name : new String[] {"com.azure.identity.ClientAssertionCredential",
            "com.azure.identity.ClientSecretCredential", "com.azure.identity.ClientCertificateCredential",
            "com.microsoft.aad.msal4j.ConfidentialClientApplication", "com.azure.core.http.jdk.httpclient.JdkHttpClient",
            "com.azure.monitor.ingestion.LogsIngestionClient", "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient"}) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("priming expects " + name + " on the class path", e);
            }
        }
        return rowsPrimed;
    }
}
