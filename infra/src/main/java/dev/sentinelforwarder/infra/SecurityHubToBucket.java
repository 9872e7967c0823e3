package dev.sentinelforwarder.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.KinesisFirehoseStream;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * Security Hub has no S3 export: an EventBridge rule sends each "Security Hub Findings - Imported" event to a
 * Firehose stream, which writes them gzipped, one event per line, under {@code AWSLogs/<account>/SecurityHubFindings/}
 * (the prefix Microsoft's template uses), where the bucket's notification for {@code AWSLogs/} takes them to the
 * forwarder. A 60 s buffer keeps the findings minutes, not Firehose's default five, from Sentinel.
 */
final class SecurityHubToBucket extends Construct {
    static final String ERROR_PREFIX = "sentinel-forwarder-firehose-errors/";

    SecurityHubToBucket(Construct scope, String id, Bucket bucket, Key key) {
        super(scope, id);
        String account = Stack.of(this).getAccount();
        String prefix = "AWSLogs/" + account + "/SecurityHubFindings/";
        Role role = Role.Builder.create(this, "DeliveryRole").assumedBy(new ServicePrincipal("firehose.amazonaws.com")
                .withConditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account)))).build();
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(bucket.arnForObjects(prefix + "*"), bucket.arnForObjects(ERROR_PREFIX + "*"))).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetBucketLocation", "s3:ListBucket",
                "s3:ListBucketMultipartUploads")).resources(List.of(bucket.getBucketArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(key.getKeyArn())).conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                        "s3." + Stack.of(this).getRegion() + "." + Stack.of(this).getUrlSuffix()))).build());

        CfnDeliveryStream stream = CfnDeliveryStream.Builder.create(this, "Stream").deliveryStreamType("DirectPut")
                .deliveryStreamEncryptionConfigurationInput(CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty.builder()
                        .keyType("AWS_OWNED_CMK").build())
                .extendedS3DestinationConfiguration(CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                        .bucketArn(bucket.getBucketArn()).roleArn(role.getRoleArn()).prefix(prefix)
                        .errorOutputPrefix(ERROR_PREFIX + "!{firehose:error-output-type}/")
                        .compressionFormat("GZIP").fileExtension(".gz")
                        .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder().intervalInSeconds(60).sizeInMBs(64).build())
                        .encryptionConfiguration(CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                                .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                                        .awskmsKeyArn(key.getKeyArn()).build()).build())
                        // Without the delimiter Firehose writes the events back to back, with nothing between them.
                        .processingConfiguration(CfnDeliveryStream.ProcessingConfigurationProperty.builder().enabled(true)
                                .processors(List.of(CfnDeliveryStream.ProcessorProperty.builder().type("AppendDelimiterToRecord")
                                        .parameters(List.of(CfnDeliveryStream.ProcessorParameterProperty.builder()
                                                .parameterName("Delimiter").parameterValue("\\n").build())).build())).build())
                        .build())
                .build();
        stream.getNode().addDependency(role);

        Rule.Builder.create(this, "Findings").eventPattern(EventPattern.builder().source(List.of("aws.securityhub"))
                .detailType(List.of("Security Hub Findings - Imported")).build())
                .targets(List.of(new KinesisFirehoseStream(stream))).build();

        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("Firehose writes objects whose keys it makes (time folders, a uuid) under the findings and error prefixes;"
                        + " the grant ends in '*' below those prefixes only").build()), true);
    }
}
