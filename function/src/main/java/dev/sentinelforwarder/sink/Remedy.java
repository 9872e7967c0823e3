package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.config.DataCollectionRule;
import dev.sentinelforwarder.config.Destination;
import dev.sentinelforwarder.config.ForwarderConfig;

/**
 * What to fix when the Logs Ingestion API or Entra refuses the forwarder for a reason of configuration, in the
 * words of the deploy walkthrough: the one place that turns such an answer into a sentence, for the object's
 * log line and for {@code check}. Passing faults (throttling, outages) have no remedy here: they are retried.
 */
public final class Remedy {
    private Remedy() {
    }

    /** @return what to change, naming the setting, id or stream concerned; null when the answer needs no change */
    /** @param rule the data collection rule that answered, one of {@code destination}'s */
    public static String of(SendOutcome.Failed answer, String stream, DataCollectionRule rule, Destination destination) {
        boolean byDefault = destination.name().equals(Destination.DEFAULT);
        String clientIdSetting = destination.ownIdentity() ? "clientId of destination " + destination.name() : "AZURE_CLIENT_ID";
        String identity = destination.identity() instanceof ForwarderConfig.AzureCredentialsSource.Federated federated
                ? "the managed identity " + federated.clientId() + " (" + clientIdSetting + ")"
                : "the Entra app the forwarder sends as";
        String ruleSettings = destination.ruleSettings();
        String code = answer.errorCode();
        if (RetryPolicy.FEDERATION_UNMATCHED.equals(code)) {
            return "Entra has no federated identity credential on the managed identity (" + clientIdSetting + ") for the function's"
                    + " AWS tokens, whose issuer and subject the error names: deploy infra/azure/dcr.json with awsIssuerUrl and"
                    + " forwarderRoleArn set to the stack's IssuerUrl and ForwarderRoleArn outputs (one made in the last minutes"
                    + " may not be visible yet: the message comes back)";
        }
        if (answer.status() == 0 && RetryPolicy.AWS_CREDENTIALS_MISSING.equals(code)) {
            return "sign in to AWS first (aws sso login, aws configure, or AWS_PROFILE): the token exchange starts with an AWS"
                    + " token from STS, asked for with the caller's AWS credentials; a deployed stack is best checked by the check"
                    + " inside the function (README, Check), whose role is the one the federated credential trusts";
        }
        if (answer.status() == 0 && RetryPolicy.AWS_UNREACHABLE.equals(code)) {
            return "AWS was not reached for the credentials (" + answer.message() + "): check AWS_REGION and that the function"
                    + " (or this machine) can reach STS, sts.<region>.amazonaws.com (a VPC needs a route or an STS endpoint)";
        }
        if (answer.status() == 0 && RetryPolicy.CREDENTIALS_INVALID.equals(code)) {
            return "the credentials cannot be used as configured (" + answer.message() + "): with AZURE_AUTH=federated the"
                    + " function's role needs sts:GetWebIdentityToken and the account outbound identity federation"
                    + " (the stack's EnableOutboundFederation); with AZURE_AUTH=secret the secret must hold tenantId, clientId"
                    + " and clientSecret";
        }
        if (answer.status() == 401 || (answer.status() == 0 && RetryPolicy.CREDENTIALS_REFUSED.equals(code))) {
            return "Entra or the Logs Ingestion API refused the credentials of " + identity + ": " + destination.identitySettings() + " must be the Azure template's tenantId and clientId outputs (with AZURE_AUTH=secret:"
                    + " the app's secret may have expired or been rotated)";
        }
        if (answer.status() == 403) {
            return "the Logs Ingestion API refused the credentials: give " + identity + " the role 'Monitoring Metrics"
                    + " Publisher' on data collection rule " + rule.immutableId() + " (the Azure template assigns it;"
                    + " a new assignment takes a few minutes to apply) and check that " + (byDefault ? "INGESTION_ENDPOINT"
                            : "destination " + destination.name() + "'s endpoint") + " is that rule's (or"
                    + " its data collection endpoint's) endpoint";
        }
        if (answer.status() == 404 || "InvalidDataCollectionRuleId".equals(code)) {
            return "there is no data collection rule " + rule.immutableId() + " at " + rule.endpoint()
                    + ": " + ruleSettings + " must be the Azure template's dcrImmutableIds and"
                    + " ingestionEndpoints outputs, each joined with commas";
        }
        if ("InvalidStream".equals(code)) {
            return "data collection rule " + rule.immutableId() + " declares no stream " + stream + ": set the STREAM_"
                    + " setting of that table to a stream the rule declares, or deploy this version's infra/azure/dcr.json: its"
                    + " compact streams end in a checksum of their columns, which changes when a version's columns do";
        }
        if (answer.status() == 0) {
            return "no answer from " + rule.endpoint() + " (" + answer + "): check " + ruleSettings + " and"
                    + " that the function can reach it";
        }
        return null;
    }
}
