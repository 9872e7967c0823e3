package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.CloudTrailMapperTest.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.VpcFlowHeader;
import dev.sentinelforwarder.format.VpcFlowRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VpcFlowMapperTest {
    private static final Instant OBJECT_TIME = Instant.parse("2026-11-22T11:00:00Z");

    @Test
    void mapsTheV2DefaultFormatWithTypedColumns() throws Exception {
        VpcFlowMapper mapper = new VpcFlowMapper(OBJECT_TIME);
        JsonNode row = RowTest.write(mapped(mapper, new VpcFlowRecord(VpcFlowHeader.V2_DEFAULT,
                "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1795341600 1795341660 ACCEPT OK"
                        .split(" "))));

        assertThat(SchemaConformance.problems(Tables.AWS_VPC_FLOW, row)).isEmpty();
        assertThat(row.toString()).isEqualTo("{\"TimeGenerated\":\"2026-11-22T10:00:00Z\",\"Version\":2,"
                + "\"AccountId\":\"123456789010\",\"InterfaceId\":\"eni-1235b8ca123456789\",\"SrcAddr\":\"172.31.16.139\","
                + "\"DstAddr\":\"172.31.16.21\",\"SrcPort\":20641,\"DstPort\":22,\"Protocol\":6,\"Packets\":20,\"Bytes\":4249,"
                + "\"Start\":\"2026-11-22T10:00:00Z\",\"End\":\"2026-11-22T10:01:00Z\",\"Action\":\"ACCEPT\",\"LogStatus\":\"OK\"}");
    }

    @Test
    void mapsEveryFieldOfVersions3To8ToItsColumn() throws Exception {
        List<String> fields = List.of("vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
                "region", "az-id", "sublocation-type", "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service",
                "flow-direction", "traffic-path", "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
                "ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id", "ecs-service-name",
                "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id", "reject-reason", "start");
        String[] values = {"vpc-1", "subnet-1", "i-1", "19", "IPv6", "2001:db8::1", "2001:db8::2", "us-east-1", "use1-az2",
            "outpost", "op-1", "S3", "DYNAMODB", "egress", "8", "arn:cluster", "web", "arn:ci", "ci-1", "c-1", "c-2", "svc",
            "arn:td", "arn:task", "task-1", "BPA", "1795341600"};
        VpcFlowMapper mapper = new VpcFlowMapper(OBJECT_TIME);

        JsonNode row = RowTest.write(mapped(mapper, new VpcFlowRecord(new VpcFlowHeader(fields), values)));

        assertThat(SchemaConformance.problems(Tables.AWS_VPC_FLOW, row)).isEmpty();
        Map<String, Object> expected = Map.ofEntries(Map.entry("VpcId", "vpc-1"), Map.entry("SubnetId", "subnet-1"),
                Map.entry("InstanceId", "i-1"), Map.entry("TcpFlags", 19), Map.entry("TrafficType", "IPv6"),
                Map.entry("PktSrcAddr", "2001:db8::1"), Map.entry("PktDstAddr", "2001:db8::2"), Map.entry("Region", "us-east-1"),
                Map.entry("AzId", "use1-az2"), Map.entry("SublocationType", "outpost"), Map.entry("SublocationId", "op-1"),
                Map.entry("PktSrcAwsService", "S3"), Map.entry("PktDstAwsService", "DYNAMODB"), Map.entry("FlowDirection", "egress"),
                Map.entry("TrafficPath", "8"), Map.entry("EcsClusterArn", "arn:cluster"), Map.entry("EcsClusterName", "web"),
                Map.entry("EcsContainerInstanceArn", "arn:ci"), Map.entry("EcsContainerInstanceId", "ci-1"),
                Map.entry("EcsContainerId", "c-1"), Map.entry("EcsSecondContainerId", "c-2"), Map.entry("EcsServiceName", "svc"),
                Map.entry("EcsTaskDefinitionArn", "arn:td"), Map.entry("EcsTaskArn", "arn:task"), Map.entry("EcsTaskId", "task-1"),
                Map.entry("Start", "2026-11-22T10:00:00Z"), Map.entry("TimeGenerated", "2026-11-22T10:00:00Z"));
        assertThat(dev.sentinelforwarder.format.Json.mapper().convertValue(row, Map.class)).isEqualTo(expected);
        assertThat(mapper.unmappedFields()).isEqualTo(Map.of("reject-reason", 1L));
    }

    @Test
    void aDashIsAnEmptyColumnAndNodataRowsAreKept() {
        Row row = mapped(new VpcFlowMapper(OBJECT_TIME), new VpcFlowRecord(VpcFlowHeader.V2_DEFAULT,
                "2 123456789010 eni-1 - - - - - - - 1431280876 1431280934 - NODATA".split(" ")));

        assertThat(row.get("SrcPort")).isNull();
        assertThat(row.get("Bytes")).isNull();
        assertThat(row.get("Action")).isNull();
        assertThat(row.get("LogStatus")).isEqualTo("NODATA");
        assertThat(row.invalidValues()).isEmpty();
    }

    @Test
    void aValueThatIsNotANumberOrOverflowsIsLeftEmptyAndReported() {
        Row row = mapped(new VpcFlowMapper(OBJECT_TIME), new VpcFlowRecord(
                new VpcFlowHeader(List.of("srcport", "packets", "start")), new String[] {"http", "3000000000", "1795341600"}));

        assertThat(row.get("SrcPort")).isNull();
        assertThat(row.get("Packets")).isNull();
        assertThat(row.invalidValues()).containsExactly(
                "SrcPort: 'http' is not a whole number in the int range",
                "Packets: '3000000000' is not a whole number in the int range");
    }

    @Test
    void aFormatWithoutStartTakesTheObjectTime() {
        VpcFlowMapper mapper = new VpcFlowMapper(OBJECT_TIME);
        Row row = mapped(mapper, new VpcFlowRecord(new VpcFlowHeader(List.of("srcaddr", "dstaddr")),
                new String[] {"10.0.0.1", "10.0.0.2"}));

        assertThat(row.get("TimeGenerated")).isEqualTo(OBJECT_TIME);
        assertThat(mapper.timedFromObject()).isEqualTo(1);
    }
}
