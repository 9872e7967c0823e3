package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;

import dev.sentinelforwarder.format.Timestamps;

import java.time.Instant;
import java.util.List;

/**
 * S3 server access log line -> AWSS3ServerAccess row: the fields in AWS's order, the bracketed time as
 * TimeGenerated. Lines end after field 24, 25 or 26 depending on their age; Source Region (27th) and any
 * later field have no column and are counted.
 */
public final class S3ServerAccessMapper extends SpacedFieldsMapper {
    /** Through User-Agent: every S3 access log line for a decade has these. */
    private static final int MIN_FIELDS = 17;

    public S3ServerAccessMapper(Instant objectTime) {
        super(objectTime, Tables.AWS_S3_SERVER_ACCESS, "an S3 server access log line", MIN_FIELDS, 26, List.of("SourceRegion"));
    }

    @Override
    String unlikeThisLog(String[] f) {
        return f[0].matches("[0-9a-f]{64}|-") && S3_TIME.matcher(f[2]).matches() ? null : "it starts with '" + excerpt(f[0]) + " "
                + excerpt(f[1]) + " " + excerpt(f[2]) + "', not a canonical owner id, a bucket and a [dd/Mon/yyyy:HH:mm:ss +zzzz] time";
    }

    /** The bracketed request time, as the reader hands it on (brackets removed). */
    private static final java.util.regex.Pattern S3_TIME = java.util.regex.Pattern.compile(
            "\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");

    @Override
    void fill(Row row, String[] f) {
        row.dateTime("TimeGenerated", time(row, f, 2, Timestamps::parseS3Access));
        strings(row, f, 0, "BucketOwner", "Bucket");
        strings(row, f, 3, "RemoteIp", "Requester", "RequestId", "Operation", "Key", "RequestUri");
        integer(row, "HttpStatus", f, 9);
        row.string("ErrorCode", at(f, 10));
        integer(row, "BytesSent", f, 11);
        integer(row, "ObjectSize", f, 12);
        integer(row, "TotalTime", f, 13);
        integer(row, "TurnAroundTime", f, 14);
        strings(row, f, 15, "Referer", "UserAgent", "VersionId", "HostId", "SignatureVersion", "CipherSuite",
                "AuthenticationType", "HostHeader", "TLSVersion", "AccessPointARN", "ACLRequired");
    }
}
