package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;

import dev.sentinelforwarder.format.Timestamps;
import dev.sentinelforwarder.format.TypeDetection;
import java.time.Instant;
import java.util.List;

/**
 * NLB (TLS listener) access log line -> AWSNLBAccessLogs row: the fields in AWS's order, all text as the
 * table's columns are. Version 1.0 lines end at domain_name and some 2.0 lines before
 * tls_connection_creation_time; later fields have no column and are counted.
 */
public final class NlbMapper extends SpacedFieldsMapper {
    /** Through sent_bytes: what a line must have to be an NLB connection at all. */
    private static final int MIN_FIELDS = 11;

    public NlbMapper(Instant objectTime) {
        super(objectTime, Tables.AWS_NLB_ACCESS_LOGS, "an NLB access log line", MIN_FIELDS, 22, List.of());
    }

    @Override
    String unlikeThisLog(String[] f) {
        return TypeDetection.isNlbRecord(f) ? null : "it starts with '" + excerpt(f[0]) + " " + excerpt(f[1]) + " " + excerpt(f[2])
                + "', not tls, a log version and an ISO-8601 time";
    }

    @Override
    void fill(Row row, String[] f) {
        row.dateTime("TimeGenerated", time(row, f, 2, Timestamps::parseIso));
        strings(row, f, 0, "NLBType", "Version");
        strings(row, f, 3, "Nlb", "Listener", "ClientIPPort", "TargetIPPort", "ConnectionTime", "TlsHandshakeTime",
                "ReceivedBytes", "SentBytes", "IncomingTLSAlert", "ChosenCertArn", "ChosenCertSerial", "TLSCipher",
                "TLSProtocolVersion", "TLSNamedGroup", "DomainName", "ALPNFEProtocol", "ALPNBEProtocol", "ALPNClientPrefList",
                "TLSConnectionCreationTime");
    }
}
