package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;

import dev.sentinelforwarder.format.Timestamps;
import dev.sentinelforwarder.format.TypeDetection;
import java.time.Instant;
import java.util.List;

/**
 * ALB access log line -> AWSALBAccessLogs row: the fields in AWS's order, client and target split into
 * address and port (IPv6 without its brackets), {@code -} empty. 2019 lines end after error_reason, 2022
 * lines after classification_reason; the fields AWS added after conn_trace_id have no column and are counted.
 */
public final class AlbMapper extends SpacedFieldsMapper {
    /** Through the request: what a line must have to be an ALB request at all. */
    private static final int MIN_FIELDS = 13;

    public AlbMapper(Instant objectTime) {
        super(objectTime, Tables.AWS_ALB_ACCESS_LOGS, "an ALB access log line", MIN_FIELDS, 30,
                List.of("transformed_host", "transformed_uri", "request_transform_status"));
    }

    @Override
    void fill(Row row, String[] f) {
        row.dateTime("TimeGenerated", time(row, f, 1, Timestamps::parseIso));
        row.string("ALBType", at(f, 0));
        row.string("Alb", at(f, 2));
        endpoint(row, f, 3, "ClientIp", "ClientPort");
        endpoint(row, f, 4, "TargetIp", "TargetPort");
        strings(row, f, 5, "RequestProcessingTime", "TargetProcessingTime", "ResponseProcessingTime");
        integer(row, "ElbStatusCode", f, 8);
        row.string("TargetStatusCode", at(f, 9));
        longInteger(row, "ReceivedBytes", f, 10);
        longInteger(row, "SentBytes", f, 11);
        strings(row, f, 12, "RequestRaw", "UserAgent", "SslCipher", "SslProtocol", "TargetGroupArn", "TraceId", "DomainName",
                "ChosenCertArn", "MatchedRulePriority", "RequestCreationTime", "ActionsExecuted", "RedirectUrl", "LambdaErrorReason",
                "TargetPortList", "TargetStatusCodeList", "Classification", "ClassificationReason", "ConnTraceId");
    }

    @Override
    String unlikeThisLog(String[] f) {
        return TypeDetection.isAlbRecord(f) ? null : "it starts with '" + excerpt(f[0]) + " " + excerpt(f[1])
                + "', not a request type (http, https, h2, grpcs, ws, wss) and an ISO-8601 time";
    }

    private static void endpoint(Row row, String[] f, int i, String ipColumn, String portColumn) {
        String[] hostPort = hostAndPort(at(f, i));
        row.string(ipColumn, hostPort[0]);
        integer(row, portColumn, hostPort[1]);
    }
}
