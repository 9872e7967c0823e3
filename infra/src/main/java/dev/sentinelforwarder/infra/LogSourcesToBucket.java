package dev.sentinelforwarder.infra;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudtrail.CfnTrail;
import software.amazon.awscdk.services.ec2.CfnFlowLog;
import software.amazon.awscdk.services.ec2.LogFormat;
import software.amazon.awscdk.services.guardduty.CfnPublishingDestination;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.networkfirewall.CfnLoggingConfiguration;
import software.amazon.awscdk.services.route53resolver.CfnResolverQueryLoggingConfig;
import software.amazon.awscdk.services.route53resolver.CfnResolverQueryLoggingConfigAssociation;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The AWS services that write into the log bucket, each optional: a CloudTrail trail, VPC flow logs, a
 * GuardDuty publishing destination, Route 53 Resolver query logging, Network Firewall logging and Security
 * Hub findings, with exactly the bucket and key policy statements each one needs.
 */
final class LogSourcesToBucket extends Construct {
    /** Every flow log field up to v5, so every AWSVPCFlow column can fill. */
    static final List<LogFormat> FLOW_LOG_FIELDS = List.of(LogFormat.VERSION, LogFormat.ACCOUNT_ID, LogFormat.INTERFACE_ID,
            LogFormat.SRC_ADDR, LogFormat.DST_ADDR, LogFormat.SRC_PORT, LogFormat.DST_PORT, LogFormat.PROTOCOL, LogFormat.PACKETS,
            LogFormat.BYTES, LogFormat.START_TIMESTAMP, LogFormat.END_TIMESTAMP, LogFormat.ACTION, LogFormat.LOG_STATUS,
            LogFormat.VPC_ID, LogFormat.SUBNET_ID, LogFormat.INSTANCE_ID, LogFormat.TCP_FLAGS, LogFormat.TRAFFIC_TYPE,
            LogFormat.PKT_SRC_ADDR, LogFormat.PKT_DST_ADDR, LogFormat.REGION, LogFormat.AZ_ID, LogFormat.SUBLOCATION_TYPE,
            LogFormat.SUBLOCATION_ID, LogFormat.PKT_SRC_AWS_SERVICE, LogFormat.PKT_DST_AWS_SERVICE, LogFormat.FLOW_DIRECTION,
            LogFormat.TRAFFIC_PATH);

    /**
     * A CloudTrail trail on the L1 resource: the L2 Trail writes bucket policy statements without the
     * {@code aws:SourceArn} condition, which keeps other accounts' trails from writing here.
     */
    private void trail(boolean dataEvents, Bucket bucket, Key key, String account) {
        String name = Stack.of(this).getStackName() + "-trail";
        String partition = Stack.of(this).getPartition(); // aws, aws-cn, aws-us-gov
        String arn = Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("cloudtrail")
                .resource("trail").resourceName(name).build());
        ServicePrincipal cloudTrail = new ServicePrincipal("cloudtrail.amazonaws.com");
        Map<String, Object> fromThisTrail = Map.of("StringEquals", Map.of("aws:SourceArn", arn));
        bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudTrailAclCheck").principals(List.of(cloudTrail))
                .actions(List.of("s3:GetBucketAcl")).resources(List.of(bucket.getBucketArn())).conditions(fromThisTrail).build());
        bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudTrailWrite").principals(List.of(cloudTrail))
                .actions(List.of("s3:PutObject")).resources(List.of(bucket.arnForObjects("AWSLogs/" + account + "/*")))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceArn", arn, "s3:x-amz-acl", "bucket-owner-full-control")))
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudTrailEncrypt").principals(List.of(cloudTrail))
                .actions(List.of("kms:GenerateDataKey*", "kms:DescribeKey")).resources(List.of("*")).conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceArn", arn),
                        "StringLike", Map.of("kms:EncryptionContext:aws:cloudtrail:arn", "arn:" + partition + ":cloudtrail:*:" + account + ":trail/*")))
                .build());
        List<Object> selectors = List.of(CfnTrail.EventSelectorProperty.builder().includeManagementEvents(true).readWriteType("All")
                .dataResources(dataEvents ? List.of(
                        CfnTrail.DataResourceProperty.builder().type("AWS::S3::Object").values(List.of("arn:" + partition + ":s3")).build(),
                        CfnTrail.DataResourceProperty.builder().type("AWS::Lambda::Function").values(List.of("arn:" + partition + ":lambda")).build())
                        : List.of())
                .build());
        CfnTrail trail = CfnTrail.Builder.create(this, "Trail").trailName(name).isLogging(true).s3BucketName(bucket.getBucketName())
                .kmsKeyId(key.getKeyArn()).isMultiRegionTrail(true).includeGlobalServiceEvents(true).enableLogFileValidation(true)
                .eventSelectors(selectors).build();
        trail.getNode().addDependency(bucket.getPolicy());
    }

    LogSourcesToBucket(Construct scope, String id, SentinelForwarderProps.LogSources sources, Bucket bucket, Key key) {
        super(scope, id);
        String account = Stack.of(this).getAccount();
        if (sources.trail()) {
            trail(sources.trailDataEvents(), bucket, key, account);
        }
        for (int i = 0; i < sources.flowLogVpcIds().size(); i++) {
            // The L1 resource: the L2 FlowLog wants an IVpc, which cannot be had for a bare VPC id without a lookup.
            CfnFlowLog.Builder.create(this, "FlowLog" + i).resourceId(sources.flowLogVpcIds().get(i)).resourceType("VPC")
                    .trafficType("ALL").maxAggregationInterval(60).logDestinationType("s3").logDestination(bucket.getBucketArn())
                    .logFormat(FLOW_LOG_FIELDS.stream().map(LogFormat::getValue).collect(Collectors.joining(" ")))
                    .destinationOptions(Map.of("FileFormat", sources.flowLogParquet() ? "parquet" : "plain-text",
                            "HiveCompatiblePartitions", false, "PerHourPartition", sources.flowLogHourlyPartitions()))
                    .build();
        }
        resolverQueryLogs(sources.resolverQueryLogVpcIds(), bucket);
        for (int i = 0; i < sources.networkFirewallArns().size(); i++) {
            // One destination per log type: each lands under AWSLogs/<account>/network-firewall/<type>/, its own table.
            CfnLoggingConfiguration.Builder.create(this, "FirewallLogs" + i).firewallArn(sources.networkFirewallArns().get(i))
                    .loggingConfiguration(CfnLoggingConfiguration.LoggingConfigurationProperty.builder().logDestinationConfigs(
                            java.util.stream.Stream.of("FLOW", "ALERT", "TLS").map(type -> (Object) CfnLoggingConfiguration
                                    .LogDestinationConfigProperty.builder().logType(type).logDestinationType("S3")
                                    .logDestination(Map.of("bucketName", bucket.getBucketName())).build()).toList()).build())
                    .build();
        }
        if (sources.vendedLogs()) {
            // What vended-log delivery (flow logs, Resolver query logs, Network Firewall) needs, per the VPC user guide:
            // an ACL check and writes under AWSLogs/<account>/, from this account's log deliveries only.
            ServicePrincipal delivery = new ServicePrincipal("delivery.logs.amazonaws.com");
            Map<String, Object> fromThisAccount = Map.of("StringEquals", Map.of("aws:SourceAccount", account),
                    "ArnLike", Map.of("aws:SourceArn", Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                            .service("logs").resource("*").build())));
            bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("LogDeliveryAclCheck").principals(List.of(delivery))
                    .actions(List.of("s3:GetBucketAcl")).resources(List.of(bucket.getBucketArn())).conditions(fromThisAccount).build());
            bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("LogDeliveryWrite").principals(List.of(delivery))
                    .actions(List.of("s3:PutObject")).resources(List.of(bucket.arnForObjects("AWSLogs/" + account + "/*")))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account, "s3:x-amz-acl", "bucket-owner-full-control"),
                            "ArnLike", fromThisAccount.get("ArnLike"))).build());
        }
        if (sources.vendedLogs()) {
            key.addToResourcePolicy(PolicyStatement.Builder.create().principals(List.of(new ServicePrincipal("delivery.logs.amazonaws.com")))
                    .actions(List.of("kms:GenerateDataKey*", "kms:Encrypt", "kms:Decrypt")).resources(List.of("*"))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account))).build());
        }
        if (sources.guardDutyDetectorId() != null) {
            String detector = Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("guardduty")
                    .resource("detector").resourceName(sources.guardDutyDetectorId()).build());
            Map<String, Object> fromThisDetector = Map.of("StringEquals", Map.of("aws:SourceAccount", account, "aws:SourceArn", detector));
            ServicePrincipal guardDuty = new ServicePrincipal("guardduty.amazonaws.com");
            bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("GuardDutyLocation").principals(List.of(guardDuty))
                    .actions(List.of("s3:GetBucketLocation")).resources(List.of(bucket.getBucketArn())).conditions(fromThisDetector).build());
            bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("GuardDutyWrite").principals(List.of(guardDuty))
                    .actions(List.of("s3:PutObject")).resources(List.of(bucket.arnForObjects("AWSLogs/" + account + "/GuardDuty/*")))
                    .conditions(fromThisDetector).build());
            key.addToResourcePolicy(PolicyStatement.Builder.create().sid("GuardDutyEncrypt").principals(List.of(guardDuty))
                    .actions(List.of("kms:GenerateDataKey")).resources(List.of("*")).conditions(fromThisDetector).build());
            CfnPublishingDestination.Builder.create(this, "GuardDutyExport").detectorId(sources.guardDutyDetectorId())
                    .destinationType("S3")
                    .destinationProperties(CfnPublishingDestination.CFNDestinationPropertiesProperty.builder()
                            .destinationArn(bucket.getBucketArn()).kmsKeyArn(key.getKeyArn()).build())
                    .build();
        }
        if (sources.securityHubFindings()) {
            new SecurityHubToBucket(this, "SecurityHub", bucket, key);
        }
    }

    /** One query logging configuration into the bucket, associated with each VPC. */
    private void resolverQueryLogs(List<String> vpcIds, Bucket bucket) {
        if (vpcIds.isEmpty()) {
            return;
        }
        CfnResolverQueryLoggingConfig config = CfnResolverQueryLoggingConfig.Builder.create(this, "ResolverQueryLogs")
                .name(Stack.of(this).getStackName() + "-queries").destinationArn(bucket.getBucketArn()).build();
        for (int i = 0; i < vpcIds.size(); i++) {
            CfnResolverQueryLoggingConfigAssociation.Builder.create(this, "ResolverQueryLogs" + i)
                    .resolverQueryLogConfigId(config.getAttrId()).resourceId(vpcIds.get(i)).build();
        }
    }
}
