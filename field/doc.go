// Package field is the leaf of wsdissect's packet tree: what Wireshark's
// epan calls header fields and expert infos, knowing no protocol.
//
// Each layer package declares its fields as data and reports its anomalies
// as expert infos graded by one Severity and sorted into one Group, with
// Wireshark's names and values, so that every view prints them alike:
// "[Severity level: Warning]" in packet details, 6291456 in -T json.
package field
