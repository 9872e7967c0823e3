package dev.sentinelforwarder.deploy;

import java.util.List;
import java.util.Locale;

/**
 * What a failed CLI command said and what to do about it: the one place that tells a cause from the CLI's words
 * (credentials, an AWS CLI too old, an environment not bootstrapped, a stack left rolled back, a permission), since the
 * same cause needs the same advice at every step, and the step's own advice only when the cause is the step's.
 */
final class FailureAdvice {
    private FailureAdvice() {
    }

    /** The advice for this failure: a known cause's, else the step's ({@code stepAdvice}, may be null). */
    static String of(CommandRunner.Result result, String stepAdvice) {
        String said = (result.stderr() + "\n" + result.stdout()).toLowerCase(Locale.ROOT);
        if (containsAny(said, "unable to locate credentials", "expiredtoken", "token has expired", "invalidclienttokenid",
                "security token included in the request is invalid", "sso session", "the sso session associated")) {
            return "the AWS CLI's credentials are missing or expired: sign in again (aws sso login, or aws configure), check with"
                    + " aws sts get-caller-identity, then deploy again";
        }
        if (containsAny(said, "invalid choice", "argument operation:")) {
            return "this AWS CLI does not know the command: upgrade the AWS CLI v2 to its latest release"
                    + " (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html; aws --version shows yours),"
                    + " then deploy again";
        }
        if (containsAny(said, "has the environment been bootstrapped", "requires bootstrap stack version", "/cdk-bootstrap/")) {
            return "the account and region are not bootstrapped for this CDK, or with an older version: run npx -y "
                    + GoLive.CDK + " bootstrap aws://<account>/<region> (deploy does it first; it needs permission to change the"
                    + " CDKToolkit stack), then deploy again";
        }
        if (containsAny(said, "rollback_complete", "rollback_failed")) {
            return "the stack is left rolled back from an earlier failed change: for a stack that never finished its first"
                    + " deploy, delete it (aws cloudformation delete-stack --stack-name <stack>); for UPDATE_ROLLBACK_FAILED,"
                    + " continue the rollback (aws cloudformation continue-update-rollback --stack-name <stack>); then deploy again";
        }
        if (stepAdvice == null && containsAny(said, "accessdenied", "not authorized", "authorizationfailed")) {
            return "you lack the permission the error names: ask an administrator for it, then deploy again";
        }
        return stepAdvice;
    }

    /**
     * What the CLI said, shortened to its error: the lines the CDK marks as failures, else the last few lines (the CDK's
     * progress was shown as it came; the reason is at the end).
     */
    static String quote(CommandRunner.Result result) {
        List<String> lines = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip().lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        List<String> marked = lines.stream().filter(l -> l.startsWith("❌") || l.contains("Error:") || l.startsWith("ERROR:")
                || l.startsWith("An error occurred")).toList();
        List<String> quoted = !marked.isEmpty() ? marked.subList(0, Math.min(3, marked.size()))
                : lines.subList(Math.max(0, lines.size() - 3), lines.size());
        return quoted.isEmpty() ? "exit " + result.exitCode() : String.join(" ", quoted);
    }

    private static boolean containsAny(String text, String... words) {
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
