#!/usr/bin/env python3
"""Writes a layer's table of field descriptors from tshark's own registry.

    tshark -G fields > fields.tsv; tshark -G values > values.tsv
    scripts/genfields.py --fields fields.tsv --values values.tsv \
        --package tcp --protocols eth,vlan,null,sll,ip,ipv6 --func linkFields \
        --format ip.hdr_len=formatHeaderLength --format ip.dsfield=formatDSField \
        --format ip.flags=formatIPFlags --format ipv6.tclass=formatDSField \
        --format ip.checksum=formatIPChecksum > tcp/fields_link.go

The IPv6 routing and fragment headers, in a table of their own:

    scripts/genfields.py --fields fields.tsv --values values.tsv --protocol-names protocols.tsv \
        --package tcp --protocols ipv6.routing,ipv6.fraghdr --func ipv6ExtFields | gofmt > tcp/fields_ipv6ext.go

Every field of the protocols is declared, with tshark's filter name, display name, type, base,
bitmask, blurb, value names and true/false names, so that -G fields and -e know them all; the
layer fills in those it decodes. ../shared/conformance/fields.tsv is tshark 4.0.17's -G fields.

What -G values and -G protocols list besides (extended value tables' names, ranges, units, every
Boolean's true/false names, protocols' short names: tshark -G protocols > protocols.tsv, given with
--protocol-names) is declared too; --patch adds it to tables written before, or by hand:

    scripts/genfields.py --values values.tsv --protocol-names protocols.tsv --patch tcp/tree_fields.go

The tls table (tls.handshake.type is SSLv2's, then TLS's):

    scripts/genfields.py --fields fields.tsv --values values.tsv --protocol-names protocols.tsv \
        --package tls --protocols tls --prefix f --func Fields \
        --same-name 'tls.handshake.type=Handshake Type' > tls/fields.go
"""
import argparse
import collections
import re

TYPES = {
    "FT_NONE": "None", "FT_PROTOCOL": "Protocol", "FT_BOOLEAN": "Boolean", "FT_UINT8": "Uint8",
    "FT_UINT16": "Uint16", "FT_UINT24": "Uint24", "FT_UINT32": "Uint32", "FT_UINT40": "Uint40",
    "FT_UINT48": "Uint48", "FT_UINT56": "Uint56", "FT_UINT64": "Uint64", "FT_INT8": "Int8",
    "FT_INT16": "Int16", "FT_INT32": "Int32", "FT_INT64": "Int64", "FT_FRAMENUM": "FrameNum",
    "FT_ABSOLUTE_TIME": "AbsoluteTime", "FT_RELATIVE_TIME": "RelativeTime", "FT_DOUBLE": "Double",
    "FT_FLOAT": "Double", "FT_STRING": "String", "FT_STRINGZ": "String", "FT_UINT_STRING": "String",
    "FT_STRINGZPAD": "String", "FT_BYTES": "Bytes", "FT_UINT_BYTES": "Bytes", "FT_ETHER": "Ether",
    "FT_IPv4": "IPv4", "FT_IPv6": "IPv6", "FT_OID": "OID", "FT_GUID": "Bytes", "FT_EUI64": "Bytes",
}
BASES = {
    "BASE_NONE": "BaseNone", "BASE_DEC": "BaseDec", "BASE_HEX": "BaseHex", "BASE_OCT": "BaseOct",
    "BASE_DEC_HEX": "BaseDecHex", "BASE_HEX_DEC": "BaseHexDec", "BASE_CUSTOM": "BaseCustom",
    "BASE_PT_TCP": "BasePortTCP", "BASE_OUI": "BaseOUI",
}
KEYWORDS = {"type", "func", "var", "range", "map", "len", "default", "case", "go", "select"}


def goname(abbrev, prefix):
    parts = re.split(r"[._\-]", abbrev)
    s = prefix + "".join(p[:1].upper() + p[1:] for p in parts if p)
    return s


def gostr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_extras(values_path, protocols_path):
    """-> what -G values lists beyond value names, and -G protocols' short names, by filter name"""
    ex = {"tf": {}, "ext": {}, "ranges": collections.defaultdict(list), "unit": {}, "short": {},
          "values": collections.defaultdict(list)}
    for line in open(values_path, encoding="utf-8", errors="replace"):
        c = line.rstrip("\n").split("\t")
        if c[0] in ("V", "V64") and len(c) >= 4:
            try:
                ex["values"][c[1]].append((int(c[2], 0), c[3]))
            except ValueError:
                pass
        elif c[0] == "T" and len(c) >= 4:
            ex["tf"][c[1]] = (c[2], c[3])
        elif c[0] == "E" and len(c) >= 5:
            ex["ext"][c[1]] = c[3]
        elif c[0] == "R" and len(c) >= 5:
            ex["ranges"][c[1]].append((int(c[2], 0), int(c[3], 0), c[4]))
        elif c[0] == "U" and len(c) >= 4:
            ex["unit"][c[1]] = (c[2], c[3])
    if protocols_path:
        for line in open(protocols_path, encoding="utf-8", errors="replace"):
            c = line.rstrip("\n").split("\t")
            if len(c) == 3:
                ex["short"][c[2]] = c[1]
    return ex


def extra_parts(ex, abbrev, boolean, protocol):
    """-> the Go fields of a descriptor that -G values and -G protocols need"""
    parts = []
    if protocol and abbrev in ex["short"]:
        parts.append(f"Short: {gostr(ex['short'][abbrev])}")
    if protocol:
        return parts
    if boolean and abbrev in ex["tf"]:
        t, f = ex["tf"][abbrev]
        parts.append(f"TF: &field.TrueFalse{{True: {gostr(t)}, False: {gostr(f)}}}")
    if abbrev in ex["ext"]:
        parts.append(f"ValuesExt: {gostr(ex['ext'][abbrev])}")
    if abbrev in ex["ranges"]:
        rs = ", ".join(f"{{Low: {lo}, High: {hi}, Name: {gostr(n)}}}" for lo, hi, n in ex["ranges"][abbrev])
        parts.append(f"Ranges: []field.Range{{{rs}}}")
    if abbrev in ex["unit"]:
        sg, pl = ex["unit"][abbrev]
        parts.append(f"Unit: &field.Unit{{Singular: {gostr(sg)}, Plural: {gostr(pl)}}}")
    return parts


FIELD_LINE = re.compile(r'^(\s*\w+\s*= field\.Field\{)(.*)\}$')


def patch(paths, ex):
    """adds extra_parts to the one-line descriptors of Go files, those it lacks"""
    for path in paths:
        out = []
        for line in open(path, encoding="utf-8"):
            m = FIELD_LINE.match(line.rstrip("\n"))
            if not m:
                out.append(line)
                continue
            body = m.group(2)
            abbrev = re.search(r'Abbrev: "([^"]*)"', body).group(1)
            protocol = "Type: field.Protocol" in body or "InNameOnly: true" in body
            add = [p for p in extra_parts(ex, abbrev, "Type: field.Boolean" in body, protocol)
                   if p.split(":")[0] + ":" not in body]
            if not protocol and "Values:" not in body and "Type: field.Boolean" not in body and ex["values"][abbrev]:
                vs = ", ".join(f"{{Value: {v & (2**64 - 1)}, Name: {gostr(n)}}}" for v, n in ex["values"][abbrev])
                add.insert(0, f"Values: []field.Value{{{vs}}}")
            out.append(m.group(1) + ", ".join([body] + add) + "}\n")
        open(path, "w", encoding="utf-8").write("".join(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fields")
    ap.add_argument("--values", required=True)
    ap.add_argument("--protocol-names", help="tshark -G protocols, for the protocols' short names")
    ap.add_argument("--patch", nargs="+", help="Go files whose descriptors get what -G values lists")
    ap.add_argument("--package")
    ap.add_argument("--protocols")
    ap.add_argument("--func")
    ap.add_argument("--prefix", default="hf")
    ap.add_argument("--dump", default="", help="PROTO,...: protocols whose bytes -V dumps under their line (field.Field.Dump)")
    ap.add_argument("--format", action="append", default=[],
                    help="FIELD=FUNC: the Go function that formats the field's value in labels (field.Field.Format)")
    ap.add_argument("--label", action="append", default=[],
                    help="FIELD=FUNC: the Go function that makes the field's whole label (field.Field.Label)")
    ap.add_argument("--alias", action="append", default=[], help="FIELD=OTHER: take OTHER's value names")
    ap.add_argument("--table", action="append", default=[],
                    help="FIELD=N: of a field with several value tables (a value repeats), take the Nth, from 1")
    ap.add_argument("--same-name", action="append", default=[],
                    help="FIELD=NAME: a filter name two dissectors declare, each with a value table (-G fields"
                         " lists the first): the first table is the field's, the second a declaration named NAME"
                         " that the first points to (field.Field.SameName), which -G values lists after it")
    a = ap.parse_args()
    ex = read_extras(a.values, a.protocol_names)
    if a.patch:
        patch(a.patch, ex)
        return
    protos = a.protocols.split(",")
    formats = dict(f.split("=", 1) for f in a.format)
    labels = dict(f.split("=", 1) for f in a.label)
    values = collections.defaultdict(list)
    tfs = {}
    for line in open(a.values, encoding="utf-8", errors="replace"):
        c = line.rstrip("\n").split("\t")
        if c[0] in ("V", "V64") and len(c) >= 4:
            try:
                v = int(c[2], 0)
            except ValueError:
                continue
            values[c[1]].append((v, c[3]))
        elif c[0] == "T" and len(c) >= 4:
            tfs[c[1]] = (c[2], c[3])
    def split_tables(f):
        tables, seen_v = [[]], set()
        for v, name in values[f]:
            if v in seen_v:
                tables.append([])
                seen_v = set()
            seen_v.add(v)
            tables[-1].append((v, name))
        return tables
    for pick in a.table:
        f, n = pick.split("=")
        values[f] = split_tables(f)[int(n) - 1]
    same = {}  # filter name -> (display name of the second declaration, its table)
    for pick in a.same_name:
        f, name = pick.split("=", 1)
        tables = split_tables(f)
        values[f] = tables[0]
        same[f] = (name, tables[1])
    for al in a.alias:
        f, other = al.split("=")
        values.setdefault(f, values[other])
    rows = []
    for line in open(a.fields, encoding="utf-8", errors="replace"):
        c = line.rstrip("\n").split("\t")
        if c[0] == "P" and c[2] in protos:
            rows.append(("P", c[1], c[2], None, None, None, None, "", ""))
        elif c[0] == "F" and len(c) >= 7 and c[4] in protos:
            rows.append(("F", c[1], c[2], c[3], c[4], c[5], c[6], c[7] if len(c) > 7 else "", c[4]))
    # protocols first, in the order asked, then their fields in tshark's order
    rows.sort(key=lambda r: (0 if r[0] == "P" else 1, protos.index(r[2] if r[0] == "P" else r[4])))
    seen = set()
    out = []
    names = []
    out.append(f"// Code generated by scripts/genfields.py from tshark 4.0.17 -G fields and -G values; DO NOT EDIT.\n")
    out.append(f"package {a.package}\n\nimport \"github.com/wsdissect/wsdissect/field\"\n")
    out.append("// The fields of " + ", ".join(protos) + ", as tshark 4.0.17 registers them.\nvar (")
    for kind, name, abbrev, typ, parent, base, mask, blurb, _ in rows:
        if abbrev in seen:
            continue
        seen.add(abbrev)
        var = goname(abbrev, a.prefix)
        # abbrevs that differ only in case (x509af.SubjectPublicKeyInfo_element,
        # x509af.subjectPublicKeyInfo_element) get the same Go name: number the later ones
        n = 2
        while var in names:
            var = goname(abbrev, a.prefix) + str(n)
            n += 1
        names.append(var)
        if kind == "P":
            parts = [f"Name: {gostr(name)}", f"Abbrev: {gostr(abbrev)}", "Type: field.Protocol"]
            parts += extra_parts(ex, abbrev, False, True)
            if abbrev in a.dump.split(","):
                parts.append("Dump: true")
            out.append(f"\t{var} = field.Field{{" + ", ".join(parts) + "}")
            continue
        parts = [f"Name: {gostr(name)}", f"Abbrev: {gostr(abbrev)}", f"Type: field.{TYPES.get(typ, 'Bytes')}"]
        if typ == "FT_BOOLEAN":
            if base and base != "0":
                parts.append(f"Bits: {int(base)}")
        elif base in BASES and base != "BASE_NONE":
            parts.append(f"Base: field.{BASES[base]}")
        if mask and int(mask, 16):
            parts.append(f"Mask: {mask}")
        if abbrev in values and typ not in ("FT_BOOLEAN",):
            vs = ", ".join(f"{{Value: {v & (2**64 - 1)}, Name: {gostr(n)}}}" for v, n in values[abbrev])
            parts.append(f"Values: []field.Value{{{vs}}}")
        if typ == "FT_BOOLEAN" and abbrev not in tfs and mask and int(mask, 16):
            # no true_false_string: tshark prints True/False, where the
            # field package's default for a masked Boolean is Set/Not set
            parts.append('TF: &field.TrueFalse{True: "True", False: "False"}')
        # every true_false_string tshark declares, the default ones too:
        # -G values lists them
        parts += [p for p in extra_parts(ex, abbrev, typ == "FT_BOOLEAN", False) if p.startswith("TF:")]
        if blurb:
            parts.append(f"Blurb: {gostr(blurb)}")
        parts.append(f"Parent: {gostr(parent)}")
        parts += [p for p in extra_parts(ex, abbrev, typ == "FT_BOOLEAN", False) if not p.startswith("TF:")]
        if abbrev in same:
            parts.append(f"SameName: &{var}2")
        if abbrev in formats:
            parts.append(f"Format: {formats[abbrev]}")
        if abbrev in labels:
            parts.append(f"Label: {labels[abbrev]}")
        out.append(f"\t{var} = field.Field{{" + ", ".join(parts) + "}")
        if abbrev in same:
            name2, table = same[abbrev]
            vs = ", ".join(f"{{Value: {v & (2**64 - 1)}, Name: {gostr(n)}}}" for v, n in table)
            parts2 = [f"Name: {gostr(name2)}", f"Abbrev: {gostr(abbrev)}", f"Type: field.{TYPES.get(typ, 'Bytes')}"]
            if base in BASES and base != "BASE_NONE":
                parts2.append(f"Base: field.{BASES[base]}")
            parts2 += [f"Values: []field.Value{{{vs}}}", f"Parent: {gostr(parent)}"]
            out.append(f"\t{var}2 = field.Field{{" + ", ".join(parts2) + "}")
    out.append(")\n")
    out.append(f"// {a.func} returns the table of the fields of " + ", ".join(protos) + ", in tshark's order.")
    out.append(f"func {a.func}() []*field.Field {{\n\treturn []*field.Field{{")
    for n in names:
        out.append(f"\t\t&{n},")
    out.append("\t}\n}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
