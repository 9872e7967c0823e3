package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/** The app as {@code cdk deploy -c ...} builds it: context in, the outputs the walkthrough's later steps take out. */
@SuppressWarnings("unchecked")
class ForwarderAppTest {
    private static Template synth(Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>(Map.of(
                "ingestionEndpoint", "https://sentinel-dcr-a1b2.westeurope-1.ingest.monitor.azure.com",
                "dcrImmutableId", "dcr-0123456789abcdef0123456789abcdef",
                "azureTenantId", SentinelForwarderTest.TENANT, "azureClientId", SentinelForwarderTest.CLIENT,
                "stackName", "Walkthrough"));
        context.putAll(extra);
        context.values().removeIf(""::equals); // "" leaves a setting out
        return Template.fromStack(ForwarderApp.stack(new App(AppProps.builder().context(context).build())));
    }

    @Test
    void federatedTheStackOutputsTheIssuerTheRoleTheQueueAndTheFunctionAndNoSecret() {
        Map<String, Map<String, Object>> outputs = synth(Map.of()).findOutputs("*");

        assertThat(outputs).containsOnlyKeys("LogBucket", "ForwarderRoleArn", "IssuerUrl", "QueueUrl", "ForwarderFunctionName");
        assertThat(outputs.get("IssuerUrl").get("Value").toString())
                .as("read from the account by the enablement custom resource").contains("Fn::GetAtt").contains("IssuerIdentifier");
        assertThat(outputs.get("ForwarderRoleArn").get("Value").toString()).contains("ForwarderIdentityRole").contains("Arn");
        assertThat(outputs.get("ForwarderRoleArn").get("Description").toString()).contains("forwarderRoleArn of infra/azure/dcr.json");
        assertThat(outputs.get("IssuerUrl").get("Description").toString()).contains("awsIssuerUrl of infra/azure/dcr.json");
    }

    @Test
    void flowLogFormatParquetDeliversTheFlowLogsAsParquet() {
        assertThat(synth(Map.of("flowLogVpcIds", "vpc-0abc1234def567890", "flowLogFormat", "parquet"))
                .findResources("AWS::EC2::FlowLog").toString()).contains("FileFormat=parquet");
        assertThat(synth(Map.of("flowLogVpcIds", "vpc-0abc1234def567890")).findResources("AWS::EC2::FlowLog").toString())
                .contains("FileFormat=plain-text");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> synth(Map.of("flowLogFormat", "csv")))
                .hasMessageContaining("flowLogFormat must be text or parquet, not 'csv'");
    }

    @Test
    void withoutTheEnablementTheIssuerIsStillReadAndWithASecretItsArnIsOutput() {
        assertThat(synth(Map.of("enableOutboundFederation", "false")).findOutputs("*").get("IssuerUrl").get("Value").toString())
                .as("an administrator enabled it: the stack only reads the issuer").contains("OutboundFederationInfo");
        assertThat(synth(Map.of("auth", "secret", "azureTenantId", "", "azureClientId", "")).findOutputs("*"))
                .containsKey("CredentialsSecretArn");
    }

    @Test
    void everyOptionIsCheckedByItsDeclarationAllProblemsAtOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> synth(Map.of("trial", "true", "memoryMb", "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'trial': did you mean trail?")
                .hasMessageContaining("memoryMb must be a whole number from 128 to 10240, not 'abc'");
    }

    @Test
    void theTemplateKeepsTheOptionsTheUserGaveAndNotWhatDeployFinds() {
        Template template = synth(Map.of("trail", "true", "alarmEmail", "secops@example.com", "memoryMb", "3008"));
        Map<String, Object> metadata = template.toJSON().get("Metadata") instanceof Map<?, ?> m ? Map.copyOf((Map<String, Object>) m) : Map.of();
        assertThat(metadata.get(dev.sentinelforwarder.options.StackOptions.SETTINGS_METADATA))
                .isEqualTo(Map.of("trail", "true", "alarmEmail", "secops@example.com", "memoryMb", "3008"));
        assertThat(synth(Map.of()).toJSON().get("Metadata").toString()).contains(dev.sentinelforwarder.options.StackOptions.SETTINGS_METADATA + "={}");
    }
}
