package dev.sentinelforwarder.format;

import java.util.List;
import java.util.Set;

/**
 * The field names of a VPC Flow Logs file, in file order: from its header line, or the v2 default
 * order when the file has none. Records share their header instance, so a mapper can plan once per header.
 */
public record VpcFlowHeader(List<String> fields) {
    /** The default format (v2), used for files without a header line. */
    public static final VpcFlowHeader V2_DEFAULT = new VpcFlowHeader(List.of("version", "account-id", "interface-id",
            "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action",
            "log-status"));

    /** Every field name of flow log versions 2 to 8. */
    public static final Set<String> KNOWN_FIELDS = Set.of(
            "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol",
            "packets", "bytes", "start", "end", "action", "log-status",
            "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
            "region", "az-id", "sublocation-type", "sublocation-id",
            "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path",
            "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id",
            "ecs-container-id", "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn",
            "ecs-task-arn", "ecs-task-id",
            "reject-reason");

    public VpcFlowHeader {
        fields = List.copyOf(fields);
    }
}
