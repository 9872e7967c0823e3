#!/usr/bin/env python3
"""The Python peers' hot path, for comparison with `forwarder bench` in the same run.

Elastic Serverless Forwarder, the Datadog Forwarder and Microsoft's sample AWS-S3 Lambda all do, per object:
read the whole object, gunzip it, json.loads it (or split its lines), build one dict per record, json.dumps each
record, pack the texts into arrays of at most 1,000,000 bytes and gzip each array. This script does exactly that
(mapping to the same Sentinel columns as the forwarder, so the output is comparable), with the network replaced
by a byte counter, and prints one JSON line with its CPU seconds and peak memory.

usage: peer_approach.py cloudtrail|guardduty|vpcflow|cloudwatch FILE [LEVEL]
"""
import csv
import gzip
import json
import resource
import sys
import time
import zlib

MAX_REQUEST_BYTES = 1_000_000

VPC_COLUMNS = {
    "version": ("Version", int), "account-id": ("AccountId", str), "interface-id": ("InterfaceId", str),
    "srcaddr": ("SrcAddr", str), "dstaddr": ("DstAddr", str), "srcport": ("SrcPort", int),
    "dstport": ("DstPort", int), "protocol": ("Protocol", int), "packets": ("Packets", int),
    "bytes": ("Bytes", int), "start": ("Start", int), "end": ("End", int), "action": ("Action", str),
    "log-status": ("LogStatus", str), "vpc-id": ("VpcId", str), "subnet-id": ("SubnetId", str),
    "instance-id": ("InstanceId", str), "tcp-flags": ("TcpFlags", int), "type": ("TrafficType", str),
    "pkt-srcaddr": ("PktSrcAddr", str), "pkt-dstaddr": ("PktDstAddr", str), "region": ("Region", str),
    "az-id": ("AzId", str), "flow-direction": ("FlowDirection", str), "traffic-path": ("TrafficPath", str),
    "pkt-src-aws-service": ("PktSrcAwsService", str), "pkt-dst-aws-service": ("PktDstAwsService", str),
}


def iso(epoch_seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch_seconds))


def text(value):
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def cloudtrail_rows(data):
    for record in json.loads(data)["Records"]:
        identity = record.get("userIdentity") or {}
        session = identity.get("sessionContext") or {}
        attributes = session.get("attributes") or {}
        issuer = session.get("sessionIssuer") or {}
        tls = record.get("tlsDetails") or {}
        row = {
            "TimeGenerated": record.get("eventTime"), "AwsEventId": record.get("eventID"),
            "EventVersion": record.get("eventVersion"), "EventSource": record.get("eventSource"),
            "EventTypeName": record.get("eventType"), "EventName": record.get("eventName"),
            "Category": record.get("eventCategory"), "ManagementEvent": record.get("managementEvent"),
            "ReadOnly": record.get("readOnly"), "AWSRegion": record.get("awsRegion"),
            "SourceIpAddress": record.get("sourceIPAddress"), "UserAgent": record.get("userAgent"),
            "ErrorCode": record.get("errorCode"), "ErrorMessage": record.get("errorMessage"),
            "RequestParameters": text(record.get("requestParameters")),
            "ResponseElements": text(record.get("responseElements")),
            "AdditionalEventData": text(record.get("additionalEventData")),
            "Resources": text(record.get("resources")), "ServiceEventDetails": text(record.get("serviceEventDetails")),
            "AwsRequestId_": record.get("requestID"), "AwsRequestId": record.get("requestID"),
            "APIVersion": record.get("apiVersion"), "RecipientAccountId": record.get("recipientAccountId"),
            "SharedEventId": record.get("sharedEventID"), "VpcEndpointId": record.get("vpcEndpointId"),
            "TlsVersion": tls.get("tlsVersion"), "CipherSuite": tls.get("cipherSuite"),
            "ClientProvidedHostHeader": tls.get("clientProvidedHostHeader"),
            "UserIdentityType": identity.get("type"), "UserIdentityPrincipalid": identity.get("principalId"),
            "UserIdentityArn": identity.get("arn"), "UserIdentityAccountId": identity.get("accountId"),
            "UserIdentityInvokedBy": identity.get("invokedBy"), "UserIdentityAccessKeyId": identity.get("accessKeyId"),
            "UserIdentityUserName": identity.get("userName"),
            "SessionMfaAuthenticated": attributes.get("mfaAuthenticated"),
            "SessionCreationDate": attributes.get("creationDate"), "SessionIssuerType": issuer.get("type"),
            "SessionIssuerPrincipalId": issuer.get("principalId"), "SessionIssuerArn": issuer.get("arn"),
            "SessionIssuerAccountId": issuer.get("accountId"), "SessionIssuerUserName": issuer.get("userName"),
            "EC2RoleDelivery": session.get("ec2RoleDelivery"),
        }
        yield {k: v for k, v in row.items() if v is not None}


def vpcflow_rows(data):
    lines = data.decode("utf-8").splitlines()
    names = lines[0].split()
    for line in lines[1:]:
        row = {}
        for name, value in zip(names, line.split()):
            if value != "-" and name in VPC_COLUMNS:
                column, kind = VPC_COLUMNS[name]
                row[column] = int(value) if kind is int else value
        if "Start" in row:
            row["TimeGenerated"] = iso(row["Start"])
            row["Start"] = iso(row["Start"])
            row["End"] = iso(row["End"])
        yield row


def guardduty_rows(data):
    for line in data.decode("utf-8").splitlines():
        if not line.strip():
            continue
        finding = json.loads(line)
        row = {
            "TimeGenerated": finding.get("updatedAt") or finding.get("createdAt"), "TimeCreated": finding.get("createdAt"),
            "SchemaVersion": finding.get("schemaVersion"), "AccountId": finding.get("accountId"),
            "Region": finding.get("region"), "Partition": finding.get("partition"), "Id": finding.get("id"),
            "Arn": finding.get("arn"), "ActivityType": finding.get("type"),
            "Severity": int(finding["severity"]) if finding.get("severity") is not None else None,
            "Title": finding.get("title"), "Description": finding.get("description"),
            "ResourceDetails": finding.get("resource"), "ServiceDetails": finding.get("service"),
        }
        yield {k: v for k, v in row.items() if v is not None}


def cloudwatch_rows(data):
    # The export's headerless CSV: timestamp,message; the message runs to the end of the line, quoted when it starts with one.
    for line in data.decode("utf-8").splitlines():
        timestamp, message = line.split(",", 1)
        if message.startswith('"'):
            message = next(csv.reader([message]))[0]
        yield {"TimeGenerated": timestamp, "ExtractedTime": timestamp, "Message": message}


ROWS = {"cloudtrail": cloudtrail_rows, "guardduty": guardduty_rows, "vpcflow": vpcflow_rows, "cloudwatch": cloudwatch_rows}


def main():
    kind, path = sys.argv[1], sys.argv[2]
    level = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    start_cpu = time.process_time()
    start_wall = time.perf_counter()
    with open(path, "rb") as f:
        data = gzip.decompress(f.read())
    rows = ROWS[kind](data)
    requests = compressed = count = 0
    batch, size = [], 1

    def send():
        nonlocal requests, compressed, batch, size
        body = ("[" + ",".join(batch) + "]").encode("utf-8")
        compressed += len(zlib.compress(body, level))
        requests += 1
        batch, size = [], 1

    for row in rows:
        text_row = json.dumps(row, separators=(",", ":"))
        length = len(text_row.encode("utf-8"))
        if batch and size + 1 + length + 1 > MAX_REQUEST_BYTES:
            send()
        batch.append(text_row)
        size += length + 1
        count += 1
    if batch:
        send()
    print(json.dumps({
        "peer": "python", "type": kind, "file": path, "level": level, "rows": count, "requests": requests,
        "bytes_out_compressed": compressed, "cpu_s": round(time.process_time() - start_cpu, 3),
        "wall_s": round(time.perf_counter() - start_wall, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
