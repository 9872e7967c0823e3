package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;

import dev.sentinelforwarder.format.VpcFlowHeader;
import dev.sentinelforwarder.format.VpcFlowRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * VPC flow log record -> AWSVPCFlow row. {@code -} is an empty column, never a failed number;
 * {@code TimeGenerated} is the flow's {@code start}. Fields without a column (e.g. {@code reject-reason})
 * are counted per object.
 */
public final class VpcFlowMapper extends TableMapper<VpcFlowRecord> {
    private enum Kind { STRING, INT, LONG, EPOCH_SECONDS }

    private record Field(String column, int slot, Kind kind) {
    }

    private static final Map<String, Field> FIELDS = new HashMap<>();

    static {
        field("version", "Version", Kind.INT);
        field("account-id", "AccountId", Kind.STRING);
        field("interface-id", "InterfaceId", Kind.STRING);
        field("srcaddr", "SrcAddr", Kind.STRING);
        field("dstaddr", "DstAddr", Kind.STRING);
        field("srcport", "SrcPort", Kind.INT);
        field("dstport", "DstPort", Kind.INT);
        field("protocol", "Protocol", Kind.INT);
        field("packets", "Packets", Kind.INT);
        field("bytes", "Bytes", Kind.LONG);
        field("start", "Start", Kind.EPOCH_SECONDS);
        field("end", "End", Kind.EPOCH_SECONDS);
        field("action", "Action", Kind.STRING);
        field("log-status", "LogStatus", Kind.STRING);
        field("vpc-id", "VpcId", Kind.STRING);
        field("subnet-id", "SubnetId", Kind.STRING);
        field("instance-id", "InstanceId", Kind.STRING);
        field("tcp-flags", "TcpFlags", Kind.INT);
        field("type", "TrafficType", Kind.STRING);
        field("pkt-srcaddr", "PktSrcAddr", Kind.STRING);
        field("pkt-dstaddr", "PktDstAddr", Kind.STRING);
        field("region", "Region", Kind.STRING);
        field("az-id", "AzId", Kind.STRING);
        field("sublocation-type", "SublocationType", Kind.STRING);
        field("sublocation-id", "SublocationId", Kind.STRING);
        field("pkt-src-aws-service", "PktSrcAwsService", Kind.STRING);
        field("pkt-dst-aws-service", "PktDstAwsService", Kind.STRING);
        field("flow-direction", "FlowDirection", Kind.STRING);
        field("traffic-path", "TrafficPath", Kind.STRING);
        field("ecs-cluster-arn", "EcsClusterArn", Kind.STRING);
        field("ecs-cluster-name", "EcsClusterName", Kind.STRING);
        field("ecs-container-instance-arn", "EcsContainerInstanceArn", Kind.STRING);
        field("ecs-container-instance-id", "EcsContainerInstanceId", Kind.STRING);
        field("ecs-container-id", "EcsContainerId", Kind.STRING);
        field("ecs-second-container-id", "EcsSecondContainerId", Kind.STRING);
        field("ecs-service-name", "EcsServiceName", Kind.STRING);
        field("ecs-task-definition-arn", "EcsTaskDefinitionArn", Kind.STRING);
        field("ecs-task-arn", "EcsTaskArn", Kind.STRING);
        field("ecs-task-id", "EcsTaskId", Kind.STRING);
    }

    private static final int START = Tables.AWS_VPC_FLOW.indexOf("Start");

    // The columns of the header the last record came with: a file has one header (rarely a few), so the
    // name lookups happen once per header instead of once per value.
    private VpcFlowHeader plannedHeader;
    private Field[] plan;
    private int versionAt;
    private int accountAt;

    public VpcFlowMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(VpcFlowRecord record) {
        Field[] fields = plan(record.header());
        String[] values = record.values();
        String unlike = unlikeAFlow(record);
        if (unlike != null) {
            return new Mapping.Skipped("not a VPC flow log record: " + unlike);
        }
        Row row = new Row(Tables.AWS_VPC_FLOW);
        for (int i = 0; i < values.length; i++) {
            Field field = fields[i];
            if (field == null) {
                unmapped(record.header().fields().get(i));
            } else if (values[i] == null) {
                put(row, field, record.numbers()[i]);
            } else if (!values[i].equals("-")) {
                put(row, field, values[i]);
            }
        }
        row.dateTime("TimeGenerated", eventTimeOrObjectTime((Instant) row.valueAt(START)));
        return new Mapping.Mapped(row);
    }

    /**
     * Why a line with the header's field count is still not a flow (another log's line under a flow log key), or null:
     * a flow's version is a small number and its account an account id, {@code unknown} or {@code -}. Checked by hand,
     * not by a regular expression: it runs for every record.
     */
    private String unlikeAFlow(VpcFlowRecord record) {
        if (versionAt >= 0 && !isVersion(record.text(versionAt))) {
            return "version '" + excerpt(record.text(versionAt)) + "' is not a flow log version";
        }
        if (accountAt >= 0) {
            String account = record.text(accountAt);
            if (!account.equals("-") && !account.equals("unknown") && !RowAccount.isAccountId(account)) {
                return "account-id '" + excerpt(account) + "' is not an account id";
            }
        }
        return null;
    }

    /** One or two ASCII digits, or {@code -}. */
    private static boolean isVersion(String version) {
        int n = version.length();
        return version.equals("-") || (n >= 1 && n <= 2 && isDigit(version.charAt(0)) && (n == 1 || isDigit(version.charAt(1))));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Field[] plan(VpcFlowHeader header) {
        if (header != plannedHeader) {
            plan = header.fields().stream().map(FIELDS::get).toArray(Field[]::new);
            versionAt = header.fields().indexOf("version");
            accountAt = header.fields().indexOf("account-id");
            plannedHeader = header;
        }
        return plan;
    }

    /** A Parquet integer: what the text path makes of the same digits. */
    private static void put(Row row, Field field, long value) {
        switch (field.kind()) {
            case STRING -> row.stringAt(field.slot(), Long.toString(value));
            case INT -> {
                if (value == (int) value) {
                    row.valueAt(field.slot(), (int) value);
                } else {
                    put(row, field, Long.toString(value)); // the same invalid value, with the same reason
                }
            }
            case LONG -> row.valueAt(field.slot(), value);
            case EPOCH_SECONDS -> {
                try {
                    row.dateTimeAt(field.slot(), Instant.ofEpochSecond(value));
                } catch (java.time.DateTimeException e) {
                    put(row, field, Long.toString(value));
                }
            }
        }
    }

    private static void put(Row row, Field field, String value) {
        try {
            switch (field.kind()) {
                case STRING -> row.stringAt(field.slot(), value);
                case INT -> row.valueAt(field.slot(), Integer.parseInt(value));
                case LONG -> row.valueAt(field.slot(), Long.parseLong(value));
                case EPOCH_SECONDS -> row.dateTimeAt(field.slot(), Instant.ofEpochSecond(Long.parseLong(value)));
            }
        } catch (NumberFormatException | java.time.DateTimeException e) {
            row.invalid(field.column(), "'" + excerpt(value) + "' is not " + (field.kind() == Kind.INT
                    ? "a whole number in the int range" : field.kind() == Kind.LONG ? "a whole number" : "epoch seconds"));
        }
    }

    private static void field(String name, String column, Kind kind) {
        int slot = Tables.AWS_VPC_FLOW.indexOf(column);
        ColumnType expected = switch (kind) {
            case STRING -> ColumnType.STRING;
            case INT -> ColumnType.INT;
            case LONG -> ColumnType.LONG;
            case EPOCH_SECONDS -> ColumnType.DATETIME;
        };
        if (Tables.AWS_VPC_FLOW.columns().get(slot).type() != expected) {
            throw new IllegalStateException("AWSVPCFlow." + column + " is not " + expected);
        }
        FIELDS.put(name, new Field(column, slot, kind));
    }
}
