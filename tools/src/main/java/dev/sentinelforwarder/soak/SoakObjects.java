package dev.sentinelforwarder.soak;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * The soak's objects: all four log types, most small, a quarter of several requests each and a few of
 * tens of megabytes, every row carrying the object's number and its record's, so each row that arrives
 * (or is quarantined) can be matched to exactly one source record. Some objects hold a bad line.
 */
public final class SoakObjects {
    static final String BUCKET = "soak-bucket";

    /** One generated object: its key, how many records it has, and which of them are bad lines (to be quarantined). */
    public record Generated(int index, String key, int records, List<Integer> badRecords, long bytes) {
    }

    private SoakObjects() {
    }

    /** Records of object {@code index}: 70% 1-40, 27% 1,000-8,000, 3% 10,000-{@code maxRecords}. */
    static int recordsOf(SplittableRandom random, int maxRecords) {
        double size = random.nextDouble();
        int records = size < 0.70 ? 1 + random.nextInt(40) : size < 0.97 ? 1_000 + random.nextInt(7_001)
                : 10_000 + random.nextInt(Math.max(1, maxRecords - 10_000));
        return Math.min(records, maxRecords);
    }

    public static Generated write(Path bucket, int index, int records, SplittableRandom random) throws IOException {
        String key = switch (index % 4) {
            case 0 -> "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/soak-" + index + ".json.gz";
            case 1 -> "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/soak-" + index + ".jsonl.gz";
            case 2 -> "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/soak-" + index + ".log.gz";
            default -> "AWSLogs/111122223333/CloudWatch/us-east-1/soak/stream/2026/11/22/soak-" + index + ".csv.gz";
        };
        // A bad line in one object of ten among the GuardDuty and VPC objects.
        int bad = (index % 4 == 1 || index % 4 == 2) && index % 10 < 2 ? random.nextInt(records) : -1;
        Path file = bucket.resolve(key);
        Files.createDirectories(file.getParent());
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16)) {
            switch (index % 4) {
                case 0 -> cloudTrail(out, index, records);
                case 1 -> guardDuty(out, index, records, bad);
                case 2 -> vpcFlow(out, index, records, bad);
                default -> cloudWatch(out, index, records);
            }
        }
        return new Generated(index, key, records, bad < 0 ? List.of() : List.of(bad), Files.size(file));
    }

    private static void cloudTrail(Writer out, int o, int records) throws IOException {
        out.write("{\"Records\":[");
        for (int r = 0; r < records; r++) {
            out.write((r == 0 ? "" : ",") + "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                    + "\"AROAEXAMPLE:session-" + r % 50 + "\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/app/session-" + r % 50
                    + "\",\"accountId\":\"111122223333\",\"sessionContext\":{\"attributes\":{\"mfaAuthenticated\":\"false\","
                    + "\"creationDate\":\"2026-11-22T09:00:00Z\"}}},\"eventTime\":\"2026-11-22T10:00:00Z\",\"eventSource\":"
                    + "\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113."
                    + r % 250 + "\",\"userAgent\":\"aws-sdk-java/2.30\",\"requestParameters\":{\"bucketName\":\"data\",\"key\":\"obj/"
                    + r + ".parquet\"},\"responseElements\":null,\"requestID\":\"REQ" + r + "\",\"eventID\":\"" + new UUID(o, r)
                    + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":"
                    + "\"111122223333\",\"eventCategory\":\"Data\"}");
        }
        out.write("]}");
    }

    private static void guardDuty(Writer out, int o, int records, int bad) throws IOException {
        for (int r = 0; r < records; r++) {
            if (r == bad) {
                out.write("{\"id\":\"gd-" + o + "-" + r + "\",\"type\":\"broken line\",\"resource\":{\"instanceDetails\":\n");
                continue;
            }
            out.write("{\"schemaVersion\":\"2.0\",\"accountId\":\"111122223333\",\"region\":\"us-east-1\",\"partition\":\"aws\","
                    + "\"id\":\"gd-" + o + "-" + r + "\",\"arn\":\"arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/f" + r
                    + "\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"resource\":{\"resourceType\":\"Instance\","
                    + "\"instanceDetails\":{\"instanceId\":\"i-0abc" + r % 100 + "\",\"tags\":[{\"key\":\"Name\",\"value\":\"web\"}]}},"
                    + "\"service\":{\"serviceName\":\"guardduty\",\"count\":" + r + "},\"severity\":5,\"createdAt\":"
                    + "\"2026-11-22T09:00:00Z\",\"updatedAt\":\"2026-11-22T10:00:00Z\",\"title\":\"Unprotected port probed\","
                    + "\"description\":\"An unprotected port on the instance is being probed.\"}\n");
        }
    }

    private static void vpcFlow(Writer out, int o, int records, int bad) throws IOException {
        out.write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
        String source = address(o);
        for (int r = 0; r < records; r++) {
            if (r == bad) {
                out.write("2 111122223333 eni-0a1b2c3d " + source + "\n"); // too few fields
                continue;
            }
            out.write("2 111122223333 eni-0a1b2c3d " + source + " 10.0.0.2 " + (1024 + r % 60_000) + " 443 6 " + r + " "
                    + (4_000 + r % 1_000) + " 1795341600 1795341660 ACCEPT OK\n");
        }
    }

    private static void cloudWatch(Writer out, int o, int records) throws IOException {
        for (int r = 0; r < records; r++) {
            out.write("2026-11-22T10:00:00.000Z,cw-" + o + "-" + r + " GET /api/items/" + r % 997 + " 200 " + r % 90 + "ms\n");
        }
    }

    /** A source address that names the object: 10.x.y.z with x.y.z the object's number. */
    private static String address(int o) {
        return "10." + (o >> 16 & 255) + "." + (o >> 8 & 255) + "." + (o & 255);
    }

    /** The object and record a row of any table came from, as {@code object << 32 | record}, or -1 when it is not a soak row. */
    static long idOf(JsonNode row) {
        if (row.has("AwsEventId")) {
            UUID id = UUID.fromString(row.get("AwsEventId").textValue());
            return id.getMostSignificantBits() << 32 | id.getLeastSignificantBits();
        }
        if (row.has("Id")) {
            return numbers(row.get("Id").textValue().substring(3));
        }
        if (row.has("SrcAddr")) {
            String[] octets = row.get("SrcAddr").textValue().split("\\.");
            long o = Long.parseLong(octets[1]) << 16 | Long.parseLong(octets[2]) << 8 | Long.parseLong(octets[3]);
            return o << 32 | row.get("Packets").longValue();
        }
        if (row.has("Message")) {
            String message = row.get("Message").textValue();
            return message.startsWith("cw-") ? numbers(message.substring(3, message.indexOf(' '))) : -1;
        }
        return -1;
    }

    /** "o-r" as {@code o << 32 | r}. */
    private static long numbers(String objectAndRecord) {
        int dash = objectAndRecord.indexOf('-');
        return Long.parseLong(objectAndRecord.substring(0, dash)) << 32 | Long.parseLong(objectAndRecord.substring(dash + 1));
    }

    /** The object's number in a soak key ({@code .../soak-<n>.<ext>}), or -1. */
    static int objectOf(String key) {
        int at = key.lastIndexOf("/soak-");
        if (at < 0) {
            return -1;
        }
        int end = key.indexOf('.', at);
        return Integer.parseInt(key.substring(at + 6, end));
    }
}
