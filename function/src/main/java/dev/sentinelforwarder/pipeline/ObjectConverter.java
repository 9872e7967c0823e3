package dev.sentinelforwarder.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinelforwarder.format.CloudTrailReader;
import dev.sentinelforwarder.format.CloudWatchExportKey;
import dev.sentinelforwarder.format.CloudWatchReader;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.JsonFields;
import dev.sentinelforwarder.format.JsonLinesReader;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.format.Read;
import dev.sentinelforwarder.format.RecordReader;
import dev.sentinelforwarder.format.SecurityHubFinding;
import dev.sentinelforwarder.format.SecurityHubReader;
import dev.sentinelforwarder.format.SpacedFieldsReader;
import dev.sentinelforwarder.format.TypeDetection;
import dev.sentinelforwarder.format.VpcFlowReader;
import dev.sentinelforwarder.format.parquet.ParquetFlowReader;
import dev.sentinelforwarder.source.CountingInputStream;
import dev.sentinelforwarder.source.Decompression;
import dev.sentinelforwarder.source.DecompressionLimit;
import dev.sentinelforwarder.source.ObjectRanges;
import dev.sentinelforwarder.source.UnreadableInputException;
import dev.sentinelforwarder.table.AlbMapper;
import dev.sentinelforwarder.table.CloudTrailMapper;
import dev.sentinelforwarder.table.CloudWatchMapper;
import dev.sentinelforwarder.table.GuardDutyMapper;
import dev.sentinelforwarder.table.Mapping;
import dev.sentinelforwarder.table.NetworkFirewallMapper;
import dev.sentinelforwarder.table.NlbMapper;
import dev.sentinelforwarder.table.Route53ResolverMapper;
import dev.sentinelforwarder.table.S3ServerAccessMapper;
import dev.sentinelforwarder.table.SecurityHubMapper;
import dev.sentinelforwarder.table.TableMapper;
import dev.sentinelforwarder.table.Tables;
import dev.sentinelforwarder.table.VpcFlowMapper;
import dev.sentinelforwarder.table.WafMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Turns one log object into table rows: decompress, decide the type, read records, map them, hand each
 * row to a sink. Problems with the content (damaged gzip, unreadable records, a limit) end up in the
 * {@link ObjectReport}, because reading the same bytes again cannot help; an I/O failure of the underlying
 * stream or the sink is thrown, because retrying may.
 */
public final class ObjectConverter {
    private final boolean cloudWatchCustomColumns;
    private final Limits limits;
    private final RowFilter filters;
    /** Bounds nesting and string length of the JSON log content, as the configuration says. */
    private final ObjectMapper json;

    /**
     * @param cloudWatchCustomColumns fill AWSCloudWatch's LogGroup_CF, LogStream_CF and AwsAccountId_CF
     * @param filters rows to leave out: counted per rule, neither sent nor quarantined
     */
    public ObjectConverter(boolean cloudWatchCustomColumns, Limits limits, RowFilter filters) {
        this.cloudWatchCustomColumns = cloudWatchCustomColumns;
        this.limits = limits;
        this.filters = filters;
        this.json = Json.limited(limits.maxJsonDepth(), limits.maxLineLength());
    }

    /**
     * @param name what to call the object in reports: {@code s3://bucket/key} or a file path
     * @param key the S3 key (or path) whose layout names the log type
     * @param type the type to read it as, or null to detect it
     * @param objectTime when the object was written: the time of records that carry none
     * @param ranges the same object's bytes by range, for Parquet (which starts at its footer), or null where there are none
     * @param problems receives each record that did not become a row, and where the object stopped being readable
     */
    public ObjectReport convert(String name, String key, InputStream raw, ObjectRanges ranges, LogType type, Instant objectTime,
            RowSink sink, Consumer<Problem> problems) throws IOException {
        return convert(name, key, raw, ranges, type, objectTime, sink, problems, Window.WHOLE);
    }

    /**
     * Which records of an object this run handles: those not {@code done} (settled by an earlier attempt,
     * they are read past without being mapped or sent), until {@code stop} says to stop before the next one.
     */
    public record Window(RecordRanges done, BooleanSupplier stop) {
        public static final Window WHOLE = new Window(RecordRanges.NONE, () -> false);
    }

    /** As {@link #convert(String, String, InputStream, ObjectRanges, LogType, Instant, RowSink, Consumer)}, for part of the object. */
    public ObjectReport convert(String name, String key, InputStream raw, ObjectRanges ranges, LogType type, Instant objectTime,
            RowSink sink, Consumer<Problem> problems, Window window) throws IOException {
        ObjectReport report = new ObjectReport(name);
        if (type == null && TypeDetection.isCloudTrailDigestKey(key)) {
            report.type(LogType.CLOUDTRAIL);
            report.digestKey();
            return report;
        }
        CountingInputStream compressed = new CountingInputStream(raw);
        CountingInputStream text = null;
        ParquetFlowReader parquet = null;
        try {
            InputStream opened = Decompression.open(compressed);
            text = new CountingInputStream(new DecompressionLimit(opened, compressed, limits.maxDecompressedBytes(),
                    limits.maxCompressionRatio()));
            BufferedInputStream content = new BufferedInputStream(text, 64 * 1024);
            byte[] head = head(content);
            if (TypeDetection.isParquet(head)) {
                report.type(parquetType(key, type));
                if (Decompression.isGzip(opened)) {
                    throw new UnreadableInputException("a Parquet object inside gzip: Parquet compresses its own pages and is read"
                            + " from its end, so deliver it as the flow log wrote it, not gzipped again");
                }
                if (ranges == null) {
                    throw new UnreadableInputException("a Parquet object is read from its footer, by range; this one came as a stream only");
                }
                raw.close(); // the rest is read by range: the stream's transfer is let go
                parquet = ParquetFlowReader.open(ranges, limits.maxLineLength(), window.done()::containsAll);
                read(parquet, new VpcFlowMapper(objectTime), sink, report, problems, window);
                return report;
            }
            if (type == null && TypeDetection.isElbTestFile(key, head)) {
                report.type(LogType.ALB);
                report.testFileKey();
                return report;
            }
            LogType detected = type != null ? type : detect(key, head);
            if (detected == null) {
                return report; // empty: nothing to read, nothing lost
            }
            report.type(detected);
            Optional<LogType> contradicting = TypeDetection.contradicting(detected, head);
            if (contradicting.isPresent()) {
                throw new UnreadableInputException("the content is " + contradicting.get().id() + ", not " + detected.id()
                        + " as the key says; it starts with '" + excerpt(head) + "' (set a routing rule or --type to read it as "
                        + contradicting.get().id() + ")");
            }
            switch (detected) {
                case CLOUDTRAIL -> read(new CloudTrailReader(content, CloudTrailMapper.FIELDS, json), new CloudTrailMapper(objectTime),
                        sink, report, problems, window);
                case GUARDDUTY -> read(jsonLines(content, GuardDutyMapper.FIELDS), new GuardDutyMapper(objectTime), sink, report,
                        problems, window);
                case VPCFLOW -> read(new VpcFlowReader(content, limits.maxLineLength()), new VpcFlowMapper(objectTime), sink,
                        report, problems, window);
                case CLOUDWATCH -> read(new CloudWatchReader(content, limits.maxLineLength(), json), new CloudWatchMapper(objectTime,
                        CloudWatchExportKey.parse(key).orElse(null), cloudWatchCustomColumns), sink, report, problems, window);
                case WAF -> read(jsonLines(content, WafMapper.FIELDS), new WafMapper(objectTime), sink, report, problems, window);
                case NETWORK_FIREWALL_FLOW, NETWORK_FIREWALL_ALERT, NETWORK_FIREWALL_TLS -> read(jsonLines(content,
                        NetworkFirewallMapper.FIELDS), new NetworkFirewallMapper(objectTime, Tables.of(detected)), sink, report, problems, window);
                case ROUTE53_RESOLVER -> read(jsonLines(content, Route53ResolverMapper.FIELDS), new Route53ResolverMapper(objectTime),
                        sink, report, problems, window);
                case SECURITY_HUB -> read(new SecurityHubReader(content, limits.maxLineLength(), SecurityHubMapper.FIELDS, json),
                        new SecurityHubMapper(objectTime), sink, report, problems, window);
                case S3_SERVER_ACCESS -> read(spaced(content), new S3ServerAccessMapper(objectTime), sink, report, problems, window);
                case ALB -> read(spaced(content), new AlbMapper(objectTime), sink, report, problems, window);
                case NLB -> read(spaced(content), new NlbMapper(objectTime), sink, report, problems, window);
            }
        } catch (UnreadableInputException e) {
            stopped(report, problems, e.getMessage() + " (after " + report.records() + " records)");
        } finally {
            if (parquet != null) {
                report.bytes(parquet.bytesFetched(), parquet.bytesDecompressed());
            } else {
                report.bytes(compressed.count(), decompressed(text));
            }
        }
        return report;
    }

    /**
     * Parquet is read only as VPC flow logs (AWS's {@code FileFormat=parquet}): under another type's key, or as another
     * type, it is refused with what to do.
     */
    private static LogType parquetType(String key, LogType type) throws UnreadableInputException {
        LogType named = type != null ? type : TypeDetection.fromKey(key).orElse(LogType.VPCFLOW);
        if (named != LogType.VPCFLOW) {
            throw new UnreadableInputException("the content is Parquet, which the forwarder reads only as VPC flow logs, not "
                    + named.id() + " as " + (type != null ? "configured" : "the key says") + " (set a routing rule or --type vpcflow to"
                    + " read it as flow logs)");
        }
        return named;
    }

    private JsonLinesReader jsonLines(InputStream content, JsonFields.Selection fields) throws IOException {
        return new JsonLinesReader(content, limits.maxLineLength(), fields, json);
    }

    private SpacedFieldsReader spaced(InputStream content) {
        return new SpacedFieldsReader(content, limits.maxLineLength());
    }

    /** The first bytes of the content, which stay to be read. */
    private static byte[] head(BufferedInputStream content) throws IOException {
        content.mark(TypeDetection.SNIFF_BYTES);
        byte[] head = content.readNBytes(TypeDetection.SNIFF_BYTES);
        content.reset();
        return head;
    }

    private static LogType detect(String key, byte[] head) throws UnreadableInputException {
        var byKey = TypeDetection.fromKey(key);
        if (byKey.isPresent()) {
            return byKey.get();
        }
        if (head.length == 0 || new String(head, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        return TypeDetection.fromContent(head, head.length).orElseThrow(() -> new UnreadableInputException(
                "cannot tell the log type from the key or the content; it starts with '" + excerpt(head)
                        + "' (expected one of the logs in the README's input formats; use --type or a routing rule to say which)"));
    }

    private static void stopped(ObjectReport report, Consumer<Problem> problems, String reason) {
        report.error(reason);
        problems.accept(new Problem(Problem.Kind.OBJECT, report.records(), 0, reason, null));
    }

    private <R> void read(RecordReader<R> reader, TableMapper<R> mapper, RowSink sink, ObjectReport report,
            Consumer<Problem> problems, Window window) throws IOException {
        try (reader) {
            Read<R> read;
            while ((read = reader.next()) != null) {
                if (window.done().contains(read.index())) {
                    report.countPassedForResume(1);
                    continue;
                }
                if (window.stop().getAsBoolean()) {
                    report.stoppedAt(read.index());
                    return;
                }
                switch (read) {
                    case Read.Unreadable<R> bad -> {
                        report.record(bad.records());
                        report.unreadable(bad.line(), bad.reason(), bad.records());
                        problems.accept(new Problem(Problem.Kind.UNREADABLE, bad.index(), bad.end(), bad.line(), bad.reason(),
                                bad.content()));
                    }
                    case Read.Record<R> record -> {
                        report.record(1);
                        switch (mapper.map(record.value())) {
                            case Mapping.Skipped skipped -> {
                                report.skipped(skipped.reason());
                                problems.accept(new Problem(Problem.Kind.SKIPPED, record.index(), record.line(), skipped.reason(),
                                        sourceOf(record.value())));
                            }
                            case Mapping.Mapped mapped -> {
                                String dropping = filters.dropping(mapped.row());
                                if (dropping != null) {
                                    report.dropped(dropping);
                                    continue;
                                }
                                sink.accept(mapped.row(), record.index());
                                report.row(mapped.row().truncatedValues(), mapped.row().invalidValues(), record.line());
                            }
                        }
                    }
                }
            }
        } finally {
            report.countPassedForResume(reader.passedOver());
            report.finish(reader.digestsSkipped(), mapper.unmappedFields(), mapper.timedFromObject());
        }
    }

    /** The skipped record's JSON text, for the quarantine, when the reader kept it. */
    private static String sourceOf(Object record) {
        return switch (record) {
            case JsonFields fields -> fields.source();
            case SecurityHubFinding finding -> finding.json();
            default -> null;
        };
    }

    private static long decompressed(CountingInputStream text) {
        return text == null ? 0 : text.count();
    }

    /**
     * The first bytes as printable ASCII, anything else as {@code \xHH}: the message reaches terminals and log
     * lines, where raw bytes of a binary object would garble (or drive) what shows them.
     */
    static String excerpt(byte[] head) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(head.length, 60); i++) {
            int b = head[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format(java.util.Locale.ROOT, "\\x%02x", b));
            }
        }
        return text.toString();
    }
}
