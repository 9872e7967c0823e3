package dev.sentinelforwarder.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.constructs.Construct;

/**
 * The bucket for the logs that cannot go to the KMS-encrypted log bucket (see
 * {@link SentinelForwarderProps.AccessLogSources}): SSE-S3, named {@code aws-waf-logs-sentinel-<account>-<region>} as
 * WAF requires, every service limited to its own prefix under {@code AWSLogs/<account>/} and to this account.
 */
final class AccessLogBucket extends Construct {
    /** S3 server access logs: the target prefix to set on each source bucket (README). */
    static final String S3_ACCESS_PREFIX = "S3AccessLogs/";

    private final Bucket bucket;

    AccessLogBucket(Construct scope, String id, SentinelForwarderProps.AccessLogSources sources) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String account = stack.getAccount();
        bucket = Bucket.Builder.create(this, "Bucket").bucketName("aws-waf-logs-sentinel-" + account + "-" + stack.getRegion())
                .encryption(BucketEncryption.S3_MANAGED).blockPublicAccess(BlockPublicAccess.BLOCK_ALL).enforceSsl(true).versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-old-versions").noncurrentVersionExpiration(Duration.days(30)).build()))
                .build();
        if (!sources.wafWebAclArns().isEmpty()) {
            // WAF writes through vended-log delivery, as flow logs do.
            ServicePrincipal delivery = new ServicePrincipal("delivery.logs.amazonaws.com");
            Map<String, Object> fromThisAccount = Map.of("StringEquals", Map.of("aws:SourceAccount", account),
                    "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder().service("logs").resource("*").build())));
            bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("WafLogDeliveryAclCheck").principals(List.of(delivery))
                    .actions(List.of("s3:GetBucketAcl")).resources(List.of(bucket.getBucketArn())).conditions(fromThisAccount).build());
            bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("WafLogDeliveryWrite").principals(List.of(delivery))
                    .actions(List.of("s3:PutObject")).resources(List.of(bucket.arnForObjects("AWSLogs/" + account + "/WAFLogs/*")))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account, "s3:x-amz-acl", "bucket-owner-full-control"),
                            "ArnLike", fromThisAccount.get("ArnLike"))).build());
            for (int i = 0; i < sources.wafWebAclArns().size(); i++) {
                CfnLoggingConfiguration logging = CfnLoggingConfiguration.Builder.create(this, "WafLogging" + i)
                        .resourceArn(sources.wafWebAclArns().get(i)).logDestinationConfigs(List.of(bucket.getBucketArn())).build();
                logging.getNode().addDependency(bucket.getPolicy());
            }
        }
        if (sources.loadBalancers()) {
            // The service principal of regions since August 2022 (README: older regions name an ELB account instead).
            bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("ElbAccessLogsWrite")
                    .principals(List.of(new ServicePrincipal("logdelivery.elasticloadbalancing.amazonaws.com")))
                    .actions(List.of("s3:PutObject")).resources(List.of(bucket.arnForObjects("AWSLogs/" + account + "/elasticloadbalancing/*")))
                    .build());
        }
        if (!sources.s3AccessLogSourceBuckets().isEmpty()) {
            bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("S3ServerAccessLogsWrite")
                    .principals(List.of(new ServicePrincipal("logging.s3.amazonaws.com"))).actions(List.of("s3:PutObject"))
                    .resources(List.of(bucket.arnForObjects("AWSLogs/" + account + "/" + S3_ACCESS_PREFIX + "*")))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account), "ArnLike", Map.of("aws:SourceArn",
                            sources.s3AccessLogSourceBuckets().stream().map(name -> "arn:" + stack.getPartition() + ":s3:::" + name).toList())))
                    .build());
        }
        NagSuppressions.addResourceSuppressions(bucket, List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                .reason("this bucket holds access logs itself; its own server access logs would need another bucket").build()));
    }

    Bucket bucket() {
        return bucket;
    }
}
