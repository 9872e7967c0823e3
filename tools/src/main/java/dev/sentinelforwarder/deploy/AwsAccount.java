package dev.sentinelforwarder.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * Who runs deploy or uninstall, where: the AWS account and partition the CLI's credentials are in, and the region.
 *
 * @param partition {@code aws}, {@code aws-cn} or {@code aws-us-gov}: from the caller's ARN
 */
record AwsAccount(String id, String partition, String region) {
    /** The account's step: the CLI's identity, and the region (--region, AWS_REGION, AWS_DEFAULT_REGION, the profile's). */
    static AwsAccount read(CliSteps steps, String regionOption, Map<String, String> environment, boolean dryRun)
            throws IOException, InterruptedException {
        steps.begin("the AWS account");
        JsonNode identity = steps.json(ExternalCommand.of("aws", "sts", "get-caller-identity", "--output", "json"),
                "the AWS CLI has no working credentials: run 'aws configure' or 'aws sso login' (or set AWS_PROFILE), then run"
                        + " this again");
        String account = dryRun ? "<account>" : identity.path("Account").asText();
        String[] arn = identity.path("Arn").asText("").split(":");
        if (!dryRun && (arn.length < 6 || !arn[0].equals("arn") || arn[1].isEmpty() || !account.matches("\\d{12}"))) {
            throw new DeployFailedException("aws sts get-caller-identity named no account and ARN (it printed " + identity + "): check"
                    + " the AWS CLI's profile and credentials (aws sts get-caller-identity), then run this again");
        }
        String region = region(steps, regionOption, environment, dryRun);
        steps.found("account " + account + " (" + (dryRun ? "<your ARN>" : identity.path("Arn").asText()) + "), region " + region);
        return new AwsAccount(account, dryRun ? "aws" : arn[1], region);
    }

    /** The forwarder role's ARN in this account: its name is fixed, so it is known before (and after) the stack. */
    String roleArn(String roleName) {
        return "arn:" + partition + ":iam::" + id + ":role/" + roleName;
    }

    private static String region(CliSteps steps, String regionOption, Map<String, String> environment, boolean dryRun)
            throws IOException, InterruptedException {
        for (String candidate : new String[] {regionOption, environment.get("AWS_REGION"), environment.get("AWS_DEFAULT_REGION")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        CommandRunner.Result result = steps.attempt(ExternalCommand.of("aws", "configure", "get", "region"), "-> <region> (or give --region)");
        if (dryRun) {
            return "<region>";
        }
        if (!result.succeeded() || result.stdout().isBlank()) {
            throw new DeployFailedException("no AWS region: give --region (e.g. --region eu-west-1), set AWS_REGION, or give your"
                    + " profile one with 'aws configure set region <region>'");
        }
        return result.stdout().strip();
    }
}
