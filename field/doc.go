// Package field is the leaf of wsdissect's packet tree: Wireshark's epan
// model in Go, knowing no protocol.
//
// A layer declares its header fields once, as a table of Field values
// (filter name, display name, Type, Base, bitmask, value names: what
// tshark -G fields lists), and its expert infos as Expert values graded by
// one Severity and sorted into one Group, with Wireshark's names and
// values. For each packet, the layer adds items to a Tree from the typed
// values it decoded: a field, its value, the byte range it came from, and
// children. Every view is a walk of the tree, formatted here once, as tshark
// formats it:
//
//   - Tree.AppendDetails: the packet details of tshark -V;
//   - Tree.AppendJSON: the layers of tshark -T json;
//   - Tree.AppendDump: the bytes of its data sources, as tshark -x;
//   - Tree.AppendValue: a field's value as tshark -T fields prints it;
//   - Registry: every field by filter name, and -G fields.
//
// A Tree is an arena reused from packet to packet: once it has grown to the
// largest packet, building and printing allocate nothing. Want limits it to
// the protocols a view needs, so a layer can skip the rest.
//
// Printing capture after capture, a Printer remembers the lines that
// repeat; a layer says which items' children their value alone makes
// (Tree.SetChildrenFromValue), which labels a value or a few bytes make
// (Field.Format, Field.Label, Tree.Remember), and a tree built only to be
// printed (Tree.BuildFor, Tree.BuildHidden) leaves out what the printer
// already knows.
package field
