package dev.sentinelforwarder.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.bench.ParquetFlowLogWriter;
import dev.sentinelforwarder.bench.ParquetSurgery;
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
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The soak's objects: CloudTrail, GuardDuty, VPC Flow, CloudWatch, Route 53 Resolver and ALB, most small, a quarter of
 * several requests each and a few of tens of megabytes, every row carrying the object's number and its record's, so
 * each row that arrives (or is quarantined) can be matched to exactly one source record. Some objects hold a bad
 * record: a line cut short (GuardDuty, VPC), a record opened and never closed before the next (Route 53, whose lines
 * also hold several records back to back, as Firehose writes them without a delimiter), another log's line (ALB).
 *
 * <p>Every third object is a second tenant's ({@link #TENANT_B}: its key and its records name that account, and its rows
 * go to a workspace of their own); some flow logs come under a key that names no account ({@code exports/soak/...},
 * typed by a routing rule), so they go by their key; and one flow log in a hundred is Parquet with a row group whose
 * page claims two gigabytes, which costs that row group's rows (into the quarantine) and nothing else.
 */
public final class SoakObjects {
    static final String BUCKET = "soak-bucket";
    static final String TENANT_A = "111122223333";
    /** The second tenant, whose objects go to destination {@link #DESTINATION_B}. */
    static final String TENANT_B = "444455556666";
    static final String DESTINATION_B = "tenant-b";
    /** Keys that name no account: a routing rule types them. */
    static final String KEYLESS_PREFIX = "exports/soak/";

    /**
     * One generated object: its key, how many records it has, which of them cannot be rows (to be quarantined), and the
     * destination its rows belong in.
     */
    public record Generated(int index, String key, int records, List<Integer> badRecords, long bytes, String destination) {
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

    /** How many kinds of object the soak writes, in turn. */
    static final int KINDS = 6;

    public static Generated write(Path bucket, int index, int records, SplittableRandom random) throws IOException {
        int kind = index % KINDS;
        String account = index % 3 == 2 ? TENANT_B : TENANT_A;
        boolean keyless = kind == 2 && index % 12 == 8;
        boolean parquet = kind == 2 && index % 100 == 14;
        String key = switch (kind) {
            case 0 -> "AWSLogs/" + account + "/CloudTrail/us-east-1/2026/11/22/soak-" + index + ".json.gz";
            case 1 -> "AWSLogs/" + account + "/GuardDuty/us-east-1/2026/11/22/soak-" + index + ".jsonl.gz";
            case 2 -> keyless ? KEYLESS_PREFIX + "2026/11/22/soak-" + index + ".log.gz"
                    : "AWSLogs/" + account + "/vpcflowlogs/us-east-1/2026/11/22/soak-" + index + (parquet ? ".log.parquet" : ".log.gz");
            case 3 -> "AWSLogs/" + account + "/CloudWatch/us-east-1/soak/stream/2026/11/22/soak-" + index + ".csv.gz";
            case 4 -> "AWSLogs/" + account + "/vpcdnsquerylogs/vpc-0a1b2c3d4e5f60718/2026/11/22/soak-" + index + ".log.gz";
            default -> "AWSLogs/" + account + "/elasticloadbalancing/us-east-1/2026/11/22/soak-" + index
                    + "/" + account + "_elasticloadbalancing_us-east-1_app.web.50dc6c495c0c9188_20261122T1005Z_10.0.1.2_2m1m3x4a.log.gz";
        };
        // A keyless object's rows name the first tenant: its key routes it to the default destination, theirs too.
        account = keyless ? TENANT_A : account;
        String destination = account.equals(TENANT_B) ? DESTINATION_B : "default";
        if (parquet) {
            records = Math.max(records, 3_000);
        }
        // A bad record in one object of five among the kinds that can hold one (all but CloudTrail and CloudWatch).
        int bad = kind != 0 && kind != 3 && !parquet && index % 10 < 2 ? random.nextInt(records) : -1;
        Path file = bucket.resolve(parquet ? key + ".text.gz" : key);
        Files.createDirectories(file.getParent());
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16)) {
            switch (kind) {
                case 0 -> cloudTrail(out, index, records, account);
                case 1 -> guardDuty(out, index, records, bad, account);
                case 2 -> vpcFlow(out, index, records, bad, account);
                case 3 -> cloudWatch(out, index, records);
                case 4 -> route53(out, index, records, bad, account);
                default -> alb(out, index, records, bad, account);
            }
        }
        if (parquet) {
            return new Generated(index, key, records, parquetBomb(file, bucket.resolve(key)), Files.size(bucket.resolve(key)), destination);
        }
        return new Generated(index, key, records, bad < 0 ? List.of() : List.of(bad), Files.size(file), destination);
    }

    /**
     * The flow log as Parquet in small row groups, the second of which claims a 2 GB page: returns that row group's rows,
     * which the forwarder quarantines as one entry (the other row groups are read).
     */
    private static List<Integer> parquetBomb(Path text, Path out) throws IOException {
        Path whole = out.resolveSibling(out.getFileName() + ".whole");
        ParquetFlowLogWriter.write(text, whole, CompressionCodecName.GZIP, 32 * 1024, false);
        byte[] bomb = ParquetSurgery.rebuild(Files.readAllBytes(whole), 1, (group, column, page) -> {
            if (group != 1 || column != 0 || page.header().getType() == PageType.DICTIONARY_PAGE) {
                return page;
            }
            PageHeader header = page.header().deepCopy();
            header.setUncompressed_page_size(Integer.MAX_VALUE);
            return new ParquetSurgery.Page(header, page.body());
        }, meta -> { });
        Files.write(out, bomb);
        Files.delete(whole);
        Files.delete(text);
        FileMetaData footer = ParquetSurgery.footerOf(bomb);
        if (footer.getRow_groupsSize() < 3) {
            throw new IllegalStateException("the soak's Parquet object has " + footer.getRow_groupsSize() + " row groups, not 3 or more");
        }
        int first = (int) footer.getRow_groups().get(0).getNum_rows();
        return java.util.stream.IntStream.range(first, first + (int) footer.getRow_groups().get(1).getNum_rows()).boxed().toList();
    }

    private static void cloudTrail(Writer out, int o, int records, String account) throws IOException {
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
                    + "\"" + account + "\",\"eventCategory\":\"Data\"}");
        }
        out.write("]}");
    }

    private static void guardDuty(Writer out, int o, int records, int bad, String account) throws IOException {
        for (int r = 0; r < records; r++) {
            if (r == bad) {
                out.write("{\"id\":\"gd-" + o + "-" + r + "\",\"type\":\"broken line\",\"resource\":{\"instanceDetails\":\n");
                continue;
            }
            out.write("{\"schemaVersion\":\"2.0\",\"accountId\":\"" + account + "\",\"region\":\"us-east-1\",\"partition\":\"aws\","
                    + "\"id\":\"gd-" + o + "-" + r + "\",\"arn\":\"arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/f" + r
                    + "\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"resource\":{\"resourceType\":\"Instance\","
                    + "\"instanceDetails\":{\"instanceId\":\"i-0abc" + r % 100 + "\",\"tags\":[{\"key\":\"Name\",\"value\":\"web\"}]}},"
                    + "\"service\":{\"serviceName\":\"guardduty\",\"count\":" + r + "},\"severity\":5,\"createdAt\":"
                    + "\"2026-11-22T09:00:00Z\",\"updatedAt\":\"2026-11-22T10:00:00Z\",\"title\":\"Unprotected port probed\","
                    + "\"description\":\"An unprotected port on the instance is being probed.\"}\n");
        }
    }

    private static void vpcFlow(Writer out, int o, int records, int bad, String account) throws IOException {
        out.write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
        String source = address(o);
        for (int r = 0; r < records; r++) {
            if (r == bad) {
                out.write("2 " + account + " eni-0a1b2c3d " + source + "\n"); // too few fields
                continue;
            }
            out.write("2 " + account + " eni-0a1b2c3d " + source + " 10.0.0.2 " + (1024 + r % 60_000) + " 443 6 " + r + " "
                    + (4_000 + r % 1_000) + " 1795341600 1795341660 ACCEPT OK\n");
        }
    }

    private static void cloudWatch(Writer out, int o, int records) throws IOException {
        for (int r = 0; r < records; r++) {
            out.write("2026-11-22T10:00:00.000Z,cw-" + o + "-" + r + " GET /api/items/" + r % 997 + " 200 " + r % 90 + "ms\n");
        }
    }

    /** Every third line holds up to three records back to back; the bad one opens a record that never closes. */
    private static void route53(Writer out, int o, int records, int bad, String account) throws IOException {
        for (int r = 0; r < records; r++) {
            if (r == bad) {
                out.write("\n{\n  \"version\": \"1.100000\",\n  \"query_name\": \"cut-short\",\n");
                continue;
            }
            out.write("{\"version\":\"1.100000\",\"account_id\":\"" + account + "\",\"region\":\"us-east-1\",\"vpc_id\":\"vpc-0a1b2c3d\","
                    + "\"query_timestamp\":\"2026-11-22T10:00:00Z\",\"query_name\":\"r53-" + o + "-" + r + ".example.com.\",\"query_type\":\"A\","
                    + "\"query_class\":\"IN\",\"rcode\":\"NOERROR\",\"answers\":[{\"Rdata\":\"10.0.0." + r % 250 + "\",\"Type\":\"A\","
                    + "\"Class\":\"IN\"}],\"srcaddr\":\"10.0.1.5\",\"srcport\":\"" + (1024 + r % 60_000) + "\",\"transport\":\"UDP\","
                    + "\"srcids\":{\"instance\":\"i-0abc\"}}");
            if (r % 9 >= 6 && r % 9 < 8 && r + 1 != bad) {
                continue; // back to back with the next record on this line
            }
            out.write("\n");
        }
    }

    /** Access log lines; the bad one is a flow log line under the ALB key. */
    private static void alb(Writer out, int o, int records, int bad, String account) throws IOException {
        for (int r = 0; r < records; r++) {
            if (r == bad) {
                out.write("2 " + account + " eni-0a1b2c3d 10.0.0.1 10.0.0.2 1024 443 6 1 40 1795341600 1795341660 ACCEPT OK\n");
                continue;
            }
            out.write("https 2026-11-22T10:00:00.123456Z app/web/50dc6c495c0c9188 10.0.1." + r % 250 + ":" + (1024 + r % 60_000)
                    + " 10.0.0.1:80 0.000 0.001 0.000 200 200 34 " + (300 + r % 100) + " \"GET https://www.example.com:443/items/" + r
                    + " HTTP/1.1\" \"curl/8.5\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:111122223333:"
                    + "targetgroup/web/73e2d6bc24d8a067 \"alb-" + o + "-" + r + "\" \"www.example.com\" \"-\" 0 2026-11-22T10:00:00.000000Z"
                    + " \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"\n");
        }
    }

    /** A source address that names the object: 10.x.y.z with x.y.z the object's number. */
    private static String address(int o) {
        return "10." + (o >> 16 & 255) + "." + (o >> 8 & 255) + "." + (o & 255);
    }

    /** The object and record a row of any table came from, as {@code object << 32 | record}, or -1 when it is not a soak row. */
    static long idOf(JsonNode row) {
        // Route 53 Resolver rows have a SrcAddr too: their own fields first.
        if (row.has("QueryName")) {
            String name = row.get("QueryName").textValue();
            return name.startsWith("r53-") ? numbers(name.substring(4, name.indexOf('.'))) : -1;
        }
        if (row.has("TraceId")) {
            String trace = row.get("TraceId").textValue();
            return trace.startsWith("alb-") ? numbers(trace.substring(4)) : -1;
        }
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
        int end = at + 6;
        while (end < key.length() && Character.isDigit(key.charAt(end))) {
            end++;
        }
        return Integer.parseInt(key.substring(at + 6, end));
    }
}
