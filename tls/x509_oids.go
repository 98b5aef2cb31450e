package tls

import "github.com/wsdissect/wsdissect/field"

// oidNames are the names tshark gives the object identifiers certificates
// carry (Wireshark's oid table): those of the corpus and the common ones.
var oidNames = map[string]string{
	"1.2.840.113549.1.1.1":  "rsaEncryption",
	"1.2.840.113549.1.1.5":  "sha1WithRSAEncryption",
	"1.2.840.113549.1.1.10": "id-RSASSA-PSS",
	"1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
	"1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
	"1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
	"1.2.840.10045.2.1":     "id-ecPublicKey",
	"1.2.840.10045.4.3.2":   "ecdsa-with-SHA256",
	"1.2.840.10045.4.3.3":   "ecdsa-with-SHA384",
	"1.2.840.10045.4.3.4":   "ecdsa-with-SHA512",
	"1.2.840.10045.3.1.7":   "secp256r1",
	"1.3.132.0.34":          "secp384r1",
	"1.3.101.112":           "id-Ed25519",
	"2.5.4.3":               "id-at-commonName",
	"2.5.4.5":               "id-at-serialNumber",
	"2.5.4.6":               "id-at-countryName",
	"2.5.4.7":               "id-at-localityName",
	"2.5.4.8":               "id-at-stateOrProvinceName",
	"2.5.4.10":              "id-at-organizationName",
	"2.5.4.11":              "id-at-organizationalUnitName",
	"2.5.29.14":             "id-ce-subjectKeyIdentifier",
	"2.5.29.15":             "id-ce-keyUsage",
	"2.5.29.17":             "id-ce-subjectAltName",
	"2.5.29.19":             "id-ce-basicConstraints",
	"2.5.29.31":             "id-ce-cRLDistributionPoints",
	"2.5.29.32":             "id-ce-certificatePolicies",
	"2.5.29.35":             "id-ce-authorityKeyIdentifier",
	"2.5.29.37":             "id-ce-extKeyUsage",
	"1.3.6.1.5.5.7.1.1":     "id-pe-authorityInfoAccess",
}

// appendOIDName appends the name of the OID whose DER content is b, or
// its dotted form when it has none (as tshark prints an unknown OID).
func appendOIDName(dst, b []byte) []byte {
	start := len(dst)
	dst = field.AppendOID(dst, b)
	if name, ok := oidNames[string(dst[start:])]; ok {
		return append(dst[:start], name...)
	}
	return dst
}
