package dev.sentinelforwarder.cli;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The AWS region for the commands that call AWS, found as the SDK finds it, or a sentence saying how to give one. */
final class AwsRegion {
    private AwsRegion() {
    }

    static Region require() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new CommandFailedException("no AWS region: set AWS_REGION (e.g. AWS_REGION=eu-west-1), or give your profile one"
                    + " with 'aws configure set region <region>'");
        }
    }
}
