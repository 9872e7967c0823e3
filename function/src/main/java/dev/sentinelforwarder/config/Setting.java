package dev.sentinelforwarder.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.util.List;

/**
 * Every environment variable the two functions read, with its default and what it is for: the
 * forwarder's, then the CloudWatch companion's ({@code CSV_*}, {@code AWS_REGION}). The README's
 * configuration tables are checked against this list by a test, so they cannot drift apart.
 */
public enum Setting {
    INGESTION_ENDPOINT(null, "Logs Ingestion endpoint: the DCR's own endpoint or a data collection endpoint (https://...ingest.monitor.azure.com); with several rules, one for all (a DCE) or one per rule, comma-separated in DCR_IMMUTABLE_ID's order"),
    DCR_IMMUTABLE_ID(null, "immutable id of the data collection rule (dcr-...), or several, comma-separated: each object goes to one of them, chosen by a hash of its bucket and key, to spread load beyond one rule's limits"),
    DESTINATIONS("[]", "JSON list of further workspaces, each with its rules: [{\"name\":\"eu\",\"endpoint\":\"https://...ingest.monitor.azure.com\",\"rules\":[\"dcr-...\"]}] (endpoint: one, or one per rule; clientId and tenantId: the workspace's own managed identity, with AZURE_AUTH=federated); INGESTION_ENDPOINT and DCR_IMMUTABLE_ID are the destination named default"),
    DESTINATION_RULES("[]", "JSON list of rules that send an object's rows to a destination by what its writer cannot choose, first match wins, the rest to default: [{\"to\":\"eu\",\"region\":\"eu-*\"},{\"to\":\"customer-a\",\"account\":[\"111122223333\"]}] (conditions bucket, account, organization, region, type, and prefix with \"trustPrefix\": true, each a value or a list; all must hold; a rule without conditions takes everything)"),
    OTHER_ACCOUNT_ROWS("quarantine", "what becomes of a row whose record names an AWS account that DESTINATION_RULES sends to another destination than its object's: quarantine (kept out of a workspace its account's rules do not name; with one destination no row differs) or send (with its object, counted)"),
    ROW_FORMAT("compact", "compact: rows name columns by short input names, for the compact streams and transforms of infra/azure/dcr.json (smaller requests, same rows in the tables); full: by the tables' column names, for a rule whose Custom-<Table> streams mirror the tables"),
    STREAM_CLOUDTRAIL(null, "DCR input stream for AWSCloudTrail rows, when not the ROW_FORMAT's (Custom-AWSCloudTrail_<checksum> or Custom-AWSCloudTrail)"),
    STREAM_GUARDDUTY(null, "DCR input stream for AWSGuardDuty rows, when not the ROW_FORMAT's (Custom-AWSGuardDuty_<checksum> or Custom-AWSGuardDuty)"),
    STREAM_VPCFLOW(null, "DCR input stream for AWSVPCFlow rows, when not the ROW_FORMAT's (Custom-AWSVPCFlow_<checksum> or Custom-AWSVPCFlow)"),
    STREAM_CLOUDWATCH(null, "DCR input stream for AWSCloudWatch rows, when not the ROW_FORMAT's (Custom-AWSCloudWatch_<checksum> or Custom-AWSCloudWatch)"),
    STREAM_WAF(null, "DCR input stream for AWSWAF rows, when not the ROW_FORMAT's (Custom-AWSWAF_<checksum> or Custom-AWSWAF)"),
    STREAM_NETWORK_FIREWALL_FLOW(null, "DCR input stream for AWSNetworkFirewallFlow rows, when not the ROW_FORMAT's (Custom-AWSNetworkFirewallFlow_<checksum> or Custom-AWSNetworkFirewallFlow)"),
    STREAM_NETWORK_FIREWALL_ALERT(null, "DCR input stream for AWSNetworkFirewallAlert rows, when not the ROW_FORMAT's (Custom-AWSNetworkFirewallAlert_<checksum> or Custom-AWSNetworkFirewallAlert)"),
    STREAM_NETWORK_FIREWALL_TLS(null, "DCR input stream for AWSNetworkFirewallTls rows, when not the ROW_FORMAT's (Custom-AWSNetworkFirewallTls_<checksum> or Custom-AWSNetworkFirewallTls)"),
    STREAM_ROUTE53_RESOLVER(null, "DCR input stream for AWSRoute53Resolver rows, when not the ROW_FORMAT's (Custom-AWSRoute53Resolver_<checksum> or Custom-AWSRoute53Resolver)"),
    STREAM_S3_SERVER_ACCESS(null, "DCR input stream for AWSS3ServerAccess rows, when not the ROW_FORMAT's (Custom-AWSS3ServerAccess_<checksum> or Custom-AWSS3ServerAccess)"),
    STREAM_ALB(null, "DCR input stream for AWSALBAccessLogs rows, when not the ROW_FORMAT's (Custom-AWSALBAccessLogs_<checksum> or Custom-AWSALBAccessLogs)"),
    STREAM_NLB(null, "DCR input stream for AWSNLBAccessLogs rows, when not the ROW_FORMAT's (Custom-AWSNLBAccessLogs_<checksum> or Custom-AWSNLBAccessLogs)"),
    STREAM_SECURITY_HUB(null, "DCR input stream for AWSSecurityHubFindings rows, when not the ROW_FORMAT's (Custom-AWSSecurityHubFindings_<checksum> or Custom-AWSSecurityHubFindings)"),
    AZURE_AUTH("federated", "federated: the function's AWS role signs a token (sts:GetWebIdentityToken) that Entra exchanges for the managed identity AZURE_CLIENT_ID, no secret anywhere; secret: an Entra app's client secret or certificate"),
    AZURE_TENANT_ID(null, "Entra tenant id of the identity the forwarder sends as (federated: required; secret: for local use instead of the secret)"),
    AZURE_CLIENT_ID(null, "client id of that identity: the managed identity (federated: required) or the app (secret: for local use instead of the secret)"),
    AZURE_CREDENTIALS_SECRET_ARN(null, "AZURE_AUTH=secret: Secrets Manager secret holding the Entra app's credentials as JSON: tenantId, clientId and clientSecret (or clientCertificate, a PEM with key and certificate)"),
    AZURE_CLIENT_SECRET(null, "AZURE_AUTH=secret, for local use instead of the secret: the app's client secret"),
    AZURE_AUTHORITY_HOST("https://login.microsoftonline.com/", "Entra authority (sovereign clouds, tests)"),
    ALLOWED_BUCKETS(null, "comma-separated buckets the function may read, each optionally with a key prefix: logs-bucket,other-bucket/AWSLogs/"),
    ROUTING_RULES("[]", "JSON list of rules that name the log type for matching keys, first match wins: [{\"prefix\":\"exports/flows/\",\"type\":\"vpcflow\"},{\"regex\":\"\\\\.csv\\\\.gz$\",\"type\":\"cloudwatch\"}]"),
    FILTER_RULES("[]", "JSON list of rules that drop rows before they are sent, each counted per rule: [{\"name\":\"no-data\",\"table\":\"AWSVPCFlow\",\"when\":{\"LogStatus\":{\"in\":[\"NODATA\",\"SKIPDATA\"]}}}] (operators equals, in, prefix, regex; all conditions of a rule must hold)"),
    GZIP_LEVEL(null, "deflate level of every table's request bodies, 1 (least CPU) to 12 (fewest bytes) with libdeflate, which the function uses where its native library loads (the JDK's zlib, used otherwise, stops at 9 and takes 10-12 as 9); unset means each table's own level, measured (README, Performance: Choosing the level)"),
    UPLOAD_CONCURRENCY("4", "requests in flight at once per invocation (1-64)"),
    QUARANTINE_PREFIX("sentinel-forwarder-quarantine/", "key prefix, in the source object's bucket, for what could not be sent (unreadable records, refused rows); never read as logs"),
    TIME_MARGIN_SECONDS("30", "no new object is started, and reading an object stops, with less time than this left in the invocation (at least 20); the rest is handed on or its message retried"),
    RETRY_DELAY_SECONDS("30", "an object that fails part-way is handed on to be tried again after this long, doubled each time (up to 900), six times before its message fails"),
    LEDGER_TABLE(null, "DynamoDB table (partition key 'object', string) remembering forwarded object versions and the settled records of those in progress, so duplicate notifications and retries send nothing twice; unset means at-least-once"),
    HEARTBEAT_SECONDS("60", "while an object is read, its message's visibility is extended this often"),
    MAX_DECOMPRESSED_BYTES("10737418240", "most bytes read from one object after decompression"),
    MAX_COMPRESSION_RATIO("1000", "most decompressed bytes per compressed byte (judged past 64 MB): stops gzip bombs"),
    MAX_LINE_LENGTH("8388608", "longest text line (or quoted CloudWatch message) read, in characters; longer ones are quarantined"),
    MAX_JSON_DEPTH("200", "deepest JSON nesting read; deeper records are unreadable"),
    CLOUDWATCH_CUSTOM_COLUMNS("false", "true fills AWSCloudWatch's custom columns LogGroup_CF, LogStream_CF and AwsAccountId_CF (add them to the table first)"),

    CSV_BUCKET(null, "bucket the gzip CSV objects are written to (the forwarder's log bucket)"),
    CSV_PREFIX("", "key prefix before AWSLogs/, e.g. cloudwatch/ (ends with /)"),
    CSV_KMS_KEY_ID(null, "KMS key id or ARN for SSE-KMS; unset means the bucket's default encryption"),
    AWS_REGION(null, "set by Lambda: the region written into each key");

    /**
     * Settings' JSON read strictly: a key given twice (Jackson keeps the last, so {"account": A, "account": null} would
     * take everything) and text after the list (a second list pasted behind the first) are refused, not passed over.
     */
    private static final com.fasterxml.jackson.databind.ObjectReader STRICT = Json.mapper().reader()
            .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /**
     * The setting's value as a JSON list (the rule settings), or null after adding to {@code problems} why it is not one.
     *
     * @param shape what one element looks like, for the message
     */
    JsonNode jsonList(String json, String shape, List<String> problems) {
        JsonNode root;
        try {
            root = STRICT.readTree(json);
        } catch (Exception e) {
            problems.add(this + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (root == null || !root.isArray()) {
            problems.add(this + " must be a JSON list of " + shape);
            return null;
        }
        return root;
    }

    /** The default, or null when the setting is required or optional without one. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
