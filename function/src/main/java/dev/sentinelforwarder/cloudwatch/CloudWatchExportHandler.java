package dev.sentinelforwarder.cloudwatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import dev.sentinelforwarder.config.CompanionConfig;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The CloudWatch companion Lambda: a Logs subscription delivery in, one gzip headerless CSV object in
 * S3 out, at a key the forwarder recognises. Any failure throws, so CloudWatch Logs retries the delivery
 * (and the function's failure destination keeps what still fails): nothing is dropped silently.
 */
public final class CloudWatchExportHandler implements RequestHandler<CloudWatchLogsEvent, String> {
    private final CompanionConfig config;
    private final S3Client s3;
    private final JsonLog log;

    /** Lambda's entry: configuration from the environment, the S3 client built once per container. */
    public CloudWatchExportHandler() {
        this(CompanionConfig.from(System.getenv()),
                S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(), new JsonLog(System.out));
        log.info("companion started", Map.of("version", Version.current()));
    }

    public CloudWatchExportHandler(CompanionConfig config, S3Client s3, JsonLog log) {
        this.config = config;
        this.s3 = s3;
        this.log = log;
    }

    /** Returns the S3 URI written, or an empty string when there was nothing to write. */
    @Override
    public String handleRequest(CloudWatchLogsEvent event, Context context) {
        String requestId = context == null ? "local" : context.getAwsRequestId();
        String data = event == null || event.getAwsLogs() == null ? null : event.getAwsLogs().getData();
        Optional<CloudWatchExporter.Export> export;
        try {
            export = CloudWatchExporter.export(data, config.prefix(), config.region(), requestId);
        } catch (IOException e) {
            log.error("subscription delivery could not be read; CloudWatch Logs will retry it",
                    Map.of("requestId", requestId, "reason", e.getMessage()));
            throw new UncheckedIOException(e.getMessage(), e);
        }
        if (export.isEmpty()) {
            log.info("nothing to write: control message or no events", Map.of("requestId", requestId));
            return "";
        }
        CloudWatchExporter.Export written = export.get();
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(config.bucket()).key(written.key())
                .contentType("text/csv; charset=utf-8").contentEncoding("gzip");
        if (config.kmsKeyId() != null) {
            put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(config.kmsKeyId());
        }
        s3.putObject(put.build(), RequestBody.fromBytes(written.gzipCsv()));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("requestId", requestId);
        line.put("logGroup", written.envelope().logGroup());
        line.put("logStream", written.envelope().logStream());
        line.put("events", written.envelope().events());
        line.put("bucket", config.bucket());
        line.put("key", written.key());
        line.put("bytes", written.gzipCsv().length);
        log.info("log events written", line);
        return "s3://" + config.bucket() + "/" + written.key();
    }
}
