// Package capture reads the records of capture files: pcap (microsecond or
// nanosecond timestamps, either byte order) and pcapng (several interfaces,
// mixed link types), from any io.Reader, in one pass, without allocating
// per record (pcap with its own reader, pcapng with gopacket's pcapgo).
//
// A gzip-compressed capture (.pcap.gz, .pcapng.gz, gzip on standard
// input) is known by its magic number and decompressed as it is read, in a
// stream: memory does not grow with the file. zstd, lz4 (which tshark
// reads), xz and bzip2 captures are refused with an error matching
// ErrUnsupportedCompression that says how to decompress them; a damaged
// gzip stream gives ErrTruncatedRecord or ErrCorruptCompression after the
// records before the damage.
//
// A record is its captured bytes and a CaptureInfo: frame number,
// timestamp, lengths, link type, interface. Decoding those bytes is the
// business of the layers (package tcp); the root package wires the two.
//
// A damaged file gives a *FormatError matching one of the sentinels
// ErrBadMagic, ErrTruncatedRecord, ErrRecordTooLarge, ErrBadRecord or
// ErrCorruptCompression, with the byte offset; lengths in the file are checked before anything is
// allocated, and every record before the damage is returned first.
//
// ReadAhead reads a pcap file on a goroutine of its own, and Retain keeps
// the records returned valid until Release, so that a pipeline can hand
// them to other goroutines without copying them.
package capture
